/* Inter-process communication: our blocking send (kern/ipc.c). */
#ifndef JOS_KERN_IPC_H
#define JOS_KERN_IPC_H

#include <inc/env.h>

int ipc_send_check(envid_t envid, void *srcva, unsigned perm, struct Env **to);
void ipc_wait_to_send(struct Env *to, uint32_t value, void *srcva,
		      unsigned perm) __attribute__((noreturn));
bool ipc_take_waiting_message(void *dstva, int *result);
void ipc_cancel(struct Env *e, int result);
void ipc_env_gone(struct Env *e);

#endif
