// User-level IPC library routines

#include <inc/lib.h>

// Receive a value via IPC and return it.
int32_t
ipc_recv(envid_t *from_env_store, void *pg, int *perm_store)
{
	int r;

	if (pg == NULL)
		pg = (void *) UTOP;
	r = sys_ipc_recv(pg);
	if (r < 0) {
		if (from_env_store) *from_env_store = 0;
		if (perm_store) *perm_store = 0;
		return r;
	}
	if (from_env_store)
		*from_env_store = thisenv->env_ipc_from;
	if (perm_store)
		*perm_store = thisenv->env_ipc_perm;
	return thisenv->env_ipc_value;
}

// Send 'val' (and 'pg' with 'perm', if 'pg' is nonnull) to 'toenv'.
void
ipc_send(envid_t to_env, uint32_t val, void *pg, int perm)
{
	int r;
	int tries = 0;

	if (!pg)
		pg = (void *) UTOP;
	while (1) {
		r = sys_ipc_try_send(to_env, val, pg, perm);
		if (r == 0)
			break;
		if (r != -E_IPC_NOT_RECV)
			panic("ipc_send: %e", r);
		sys_yield();
	}
}

// Find the first environment of the given type.
envid_t
ipc_find_env(enum EnvType type)
{
	int i;
	for (i = 0; i < NENV; i++)
		if (envs[i].env_type == type)
			return envs[i].env_id;
	return 0;
}
