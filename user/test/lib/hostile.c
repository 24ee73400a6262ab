/* The hostile test helpers; each one's contract is in hostile.h. */
#include <user/test/lib/hostile.h>

int hostile_checks, hostile_failures;

void
expect(const char *what, int got, int want)
{
	hostile_checks++;
	if (got == want) {
		cprintf("ok   %s\n", what);
		return;
	}
	hostile_failures++;
	cprintf("FAIL %s: got %d (%e), want %d (%e)\n", what, got, got,
		want, want);
}

void
expect_true(const char *what, bool cond)
{
	hostile_checks++;
	if (!cond)
		hostile_failures++;
	cprintf("%s %s\n", cond ? "ok  " : "FAIL", what);
}

bool
env_alive(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	return e->env_id == id && e->env_status != ENV_FREE;
}

void
wait_gone(envid_t id)
{
	while (env_alive(id))
		sys_yield();
}

void
wait_receiving(envid_t id)
{
	while (env_alive(id) && !envs[ENVX(id)].env_ipc_recving)
		sys_yield();
}

void
expect_destroyed(const char *what, void (*action)(void))
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		action();
		sys_env_set_status(0, ENV_NOT_RUNNABLE);
		exit();
	}
	while (env_alive(id) && envs[ENVX(id)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	expect_true(what, !env_alive(id));
	if (env_alive(id))
		sys_env_destroy(id);
}

void
hostile_summary(const char *name)
{
	cprintf("%s: %d checks, %d failed\n", name, hostile_checks,
		hostile_failures);
}

envid_t
fork_sharing(volatile uint32_t *page, void (*fn)(void))
{
	const int perm = PTE_P | PTE_U | PTE_W;
	envid_t id;
	int r;

	sys_page_unmap(0, (void *) page);
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		while (!(uvpd[PDX(page)] & PTE_P) ||
		       !(uvpt[PGNUM(page)] & PTE_P))
			sys_yield();
		fn();
		exit();
	}
	if ((r = sys_page_alloc(0, (void *) page, perm)) < 0 ||
	    (r = sys_page_map(0, (void *) page, id, (void *) page, perm)) < 0)
		panic("sharing a page: %e", r);
	return id;
}

bool
wait_running(volatile uint32_t *counter, envid_t id, uint32_t step,
	     uint32_t ticks)
{
	uint32_t seen = *counter;
	uint32_t until = thisenv->env_runs + ticks;

	while ((int32_t) (until - thisenv->env_runs) > 0)
		if (*counter - seen >= step &&
		    envs[ENVX(id)].env_status == ENV_RUNNING)
			return true;
	return false;
}
