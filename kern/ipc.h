/* Inter-process communication: each receiver's line of senders, and our
 * blocking send (kern/ipc.c). */
#ifndef JOS_KERN_IPC_H
#define JOS_KERN_IPC_H

#include <inc/env.h>

int ipc_send_check(envid_t envid, void *srcva, unsigned perm, struct Env **to);
bool ipc_turn_to_send(envid_t envid);
void ipc_send_tried(envid_t envid, int r);
void ipc_wait_to_send(struct Env *to, uint32_t value, void *srcva,
		      unsigned perm) __attribute__((noreturn));
bool ipc_take_waiting_message(void *dstva, int *result);
void ipc_recv_returned(void);
void ipc_env_runs(struct Env *e);
void ipc_status_set(envid_t envid);
void ipc_cancel(struct Env *e, int result);
void ipc_env_gone(struct Env *e);

#endif
