/* Inter-process communication (kern/ipc.c). */
#ifndef JOS_KERN_IPC_H
#define JOS_KERN_IPC_H

#include <inc/env.h>

int ipc_try_send(envid_t envid, uint32_t value, void *srcva, unsigned perm);
int ipc_send(envid_t envid, uint32_t value, void *srcva, unsigned perm);
int ipc_recv(void *dstva);
bool ipc_recv_nowait(void *dstva, int *result);
void ipc_cancel(struct Env *e, int result);
void ipc_env_gone(struct Env *e);

#endif
