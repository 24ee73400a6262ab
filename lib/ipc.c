/* Inter-process communication as the lab builds it: ipc_send retrying
 * sys_ipc_try_send until the receiver takes the message, and ipc_recv on
 * sys_ipc_recv.  lib/ipcblock.c has our blocking send beside it. */
#include <inc/lib.h>

/* The kernel takes any address at or above UTOP as "no page". */
#define NO_PAGE	((void *) UTOP)

/*
 * Wait for a message.  If pg is not NULL, accept a page there.  Stores the
 * sender in *from_env_store and the page's permissions (0 if no page came)
 * in *perm_store, for each that is not NULL.  Returns the value sent, or
 * an error (then both stores get 0).
 */
int32_t
ipc_recv(envid_t *from_env_store, void *pg, int *perm_store)
{
	/* LAB 4: receive through sys_ipc_recv, as the comment above
	 * says. */
	int r = sys_ipc_recv(pg ? pg : NO_PAGE);

	if (from_env_store)
		*from_env_store = r < 0 ? 0 : thisenv->env_ipc_from;
	if (perm_store)
		*perm_store = r < 0 ? 0 : thisenv->env_ipc_perm;
	return r < 0 ? r : (int32_t) thisenv->env_ipc_value;
	/* END LAB 4 */
}

/*
 * Send val, and the page at pg with perm if pg is not NULL, to to_env.
 * Returns once it is received: while the receiver is not waiting in
 * ipc_recv, gives up the CPU with sys_yield and tries again.  Panics on
 * any other error.
 */
void
ipc_send(envid_t to_env, uint32_t val, void *pg, int perm)
{
	/* LAB 4: call sys_ipc_try_send until it stops saying
	 * -E_IPC_NOT_RECV, yielding in between; panic on an error. */
	int r;

	while ((r = sys_ipc_try_send(to_env, val, pg ? pg : NO_PAGE,
				     perm)) == -E_IPC_NOT_RECV)
		sys_yield();
	if (r < 0)
		panic("ipc_send to %08x: %e", to_env, r);
	/* END LAB 4 */
}

/* The id of the first live env of the given type, or 0 if there is none. */
envid_t
ipc_find_env(enum EnvType type)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE && envs[i].env_type == type)
			return envs[i].env_id;
	return 0;
}
