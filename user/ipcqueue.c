/*
 * ipcqueue: the queue of senders blocked in jos_sys_ipc_send, when the envs
 * on it go away or change under it.  A sender destroyed while it waits
 * must leave the queue (the receiver then gets nothing from it); a
 * receiver destroyed with senders waiting must fail them with
 * -E_BAD_ENV; a sender whose page is unmapped while it waits gets
 * -E_INVAL when the receiver comes, and the receiver goes on waiting; a
 * sender made runnable by its parent gets -E_INVAL; senders are served
 * in the order they came.  The children are sforked, so they report
 * through shared globals.  Prints "ok   WHAT" or "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define SEND_VA		((void *) 0x10000000)
#define RECV_VA		((void *) 0x10001000)
#define NSENDERS	3

/* Set by the parent: receiver i may start receiving. */
static volatile bool go[8];
/* What the children saw. */
static volatile int send_result[8];
static volatile envid_t received_from[8];
static volatile int received_perm[8];

static envid_t
start(void (*fn)(int), int arg)
{
	envid_t id = sfork();

	if (id < 0)
		panic("sfork: %e", id);
	if (id == 0) {
		fn(arg);
		exit();
	}
	return id;
}

/* Wait for go[i], then receive NSENDERS messages at most, stopping at
 * one from our parent; record the senders in received_from[]. */
static void
receiver(int i)
{
	envid_t from = 0;
	int k, perm;

	while (!go[i])
		sys_yield();
	for (k = 0; k < NSENDERS && from != thisenv->env_parent_id; k++) {
		ipc_recv(&from, RECV_VA, &perm);
		received_from[k] = from;
		received_perm[k] = perm;
	}
}

/* Send our index to receiver id = the env named in send_result[i]. */
static void
sender(int i)
{
	send_result[i] = jos_sys_ipc_send(send_result[i], i, (void *) UTOP, 0);
}

/* Send a page of ours. */
static void
page_sender(int i)
{
	if (sys_page_alloc(0, SEND_VA, PUW) < 0)
		panic("sys_page_alloc");
	send_result[i] = jos_sys_ipc_send(send_result[i], i, SEND_VA, PUW);
}

/* Wait until env id, which does nothing but jos_sys_ipc_send once it
 * runs, is blocked in it: not runnable and not receiving. */
static void
wait_queued(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	while (env_alive(id) &&
	       (e->env_status != ENV_NOT_RUNNABLE || e->env_ipc_recving))
		sys_yield();
}

static envid_t
queue_sender(void (*fn)(int), int i, envid_t to)
{
	envid_t id;

	send_result[i] = to;
	id = start(fn, i);
	wait_queued(id);
	return id;
}

static void
destroyed_sender(void)
{
	envid_t r = start(receiver, 0);
	envid_t s = queue_sender(sender, 0, r);

	sys_env_destroy(s);
	go[0] = true;
	wait_receiving(r);
	ipc_send(r, 100, 0, 0);
	wait_gone(r);
	expect_true("a sender destroyed in the queue sends nothing",
		    received_from[0] == thisenv->env_id);
}

static void
destroyed_receiver(void)
{
	envid_t r = start(receiver, 1);
	envid_t s = queue_sender(sender, 1, r);

	sys_env_destroy(r);
	wait_gone(s);
	expect("a sender waiting for a destroyed receiver", send_result[1],
	       -E_BAD_ENV);
}

static void
unmapped_page(void)
{
	envid_t r = start(receiver, 2);
	envid_t s = queue_sender(page_sender, 2, r);

	sys_page_unmap(s, SEND_VA);
	go[2] = true;
	wait_gone(s);
	expect("a sender whose page went away while it waited",
	       send_result[2], -E_INVAL);
	wait_receiving(r);
	ipc_send(r, 100, 0, 0);
	wait_gone(r);
	expect_true("its receiver got nothing from it and went on waiting",
		    received_from[0] == thisenv->env_id &&
		    received_perm[0] == 0);
}

static void
cancelled_sender(void)
{
	envid_t r = start(receiver, 3);
	envid_t s = queue_sender(sender, 3, r);

	sys_env_set_status(s, ENV_RUNNABLE);
	wait_gone(s);
	expect("a waiting sender made runnable by its parent", send_result[3],
	       -E_INVAL);
	sys_env_destroy(r);
	wait_gone(r);
}

static void
order(void)
{
	envid_t r = start(receiver, 4), s[NSENDERS];
	int i;

	for (i = 0; i < NSENDERS; i++)
		s[i] = queue_sender(sender, 4 + i, r);
	go[4] = true;
	for (i = 0; i < NSENDERS; i++)
		wait_gone(s[i]);
	wait_gone(r);
	expect_true("senders served in the order they came",
		    received_from[0] == s[0] && received_from[1] == s[1] &&
		    received_from[2] == s[2] && send_result[4] == 0 &&
		    send_result[5] == 0 && send_result[6] == 0);
}

void
umain(int argc, char **argv)
{
	destroyed_sender();
	destroyed_receiver();
	unmapped_page();
	cancelled_sender();
	order();
	hostile_summary("ipcqueue");
}
