/*
 * Helpers shared by the hostile test programs (user/hostile_*.c,
 * user/isolation.c, ...): checked calls that print one line each, waiting
 * for an env to be gone, and running in a child an action the kernel must
 * answer by destroying the env that tried it.
 *
 * Every check prints "ok   WHAT" or "FAIL WHAT: ..."; graders forbid
 * "FAIL" and match the closing summary line.
 */
#ifndef JOS_USER_HOSTILE_H
#define JOS_USER_HOSTILE_H

#include <inc/lib.h>

static int hostile_checks, hostile_failures;

/* Check that a call described by what returned want. */
static inline void
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

/* Check a condition that has no return value to compare. */
static inline void
expect_true(const char *what, bool cond)
{
	hostile_checks++;
	if (!cond)
		hostile_failures++;
	cprintf("%s %s\n", cond ? "ok  " : "FAIL", what);
}

/* Is env id alive: its slot holds it and is not free? */
static inline bool
env_alive(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	return e->env_id == id && e->env_status != ENV_FREE;
}

/* Yield until env id is gone. */
static inline void
wait_gone(envid_t id)
{
	while (env_alive(id))
		sys_yield();
}

/* Yield until env id is blocked receiving (or gone). */
static inline void
wait_receiving(envid_t id)
{
	while (env_alive(id) && !envs[ENVX(id)].env_ipc_recving)
		sys_yield();
}

/*
 * Run action in a forked child; the kernel must destroy the child for it.
 * A child that survives action parks itself (ENV_NOT_RUNNABLE forever);
 * the parent sees that, reports the failure and destroys it.
 */
static inline void
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

/* Print the closing line: "NAME: N checks, F failed". */
static inline void
hostile_summary(const char *name)
{
	cprintf("%s: %d checks, %d failed\n", name, hostile_checks,
		hostile_failures);
}

#endif
