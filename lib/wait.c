/* Waiting for another env to end. */
#include <inc/lib.h>

/*
 * Return once envid no longer names a live env: its slot in envs[] is
 * free, or now holds another env (the slot was reused).  Gives up the CPU
 * while waiting.  An env may wait for any env, not only its children.
 */
void
wait(envid_t envid)
{
	const volatile struct Env *e;

	assert(envid != 0);
	e = &envs[ENVX(envid)];
	while (e->env_id == envid && e->env_status != ENV_FREE)
		sys_yield();
}
