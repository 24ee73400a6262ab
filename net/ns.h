/* The network server's envs (lab 6): the addresses it uses under QEMU's
 * user-mode network, and the helper envs it forks (net/timer.c,
 * net/input.c, net/output.c). */
#ifndef JOS_NET_NS_H
#define JOS_NET_NS_H

#include <inc/lib.h>
#include <inc/ns.h>

/* QEMU's user-mode network: our address, its netmask and the gateway
 * (QEMU's own host side), as dotted quads. */
#define IP		"10.0.2.15"
#define MASK		"255.255.255.0"
#define DEFAULT		"10.0.2.2"

/* Milliseconds between two ticks of the timer helper, at first. */
#define TIMER_INTERVAL	250

/* Pages of requests the server may hold at once, at REQVA and up. */
#define QUEUE_SIZE	20
#define REQVA		(0x0ffff000 - QUEUE_SIZE * PGSIZE)

/* The helper envs' bodies; each runs forever in an env of its own. */
void timer(envid_t ns_envid, uint32_t initial_to);
void input(envid_t ns_envid);
void output(envid_t ns_envid);

#endif
