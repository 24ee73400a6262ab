/*
 * Helpers shared by the hostile test programs (user/test/hostile_*.c,
 * user/test/isolation.c, ...): checked calls that print one line each, waiting
 * for an env to be gone, and running in a child an action the kernel must
 * answer by destroying the env that tried it.
 *
 * Every check prints "ok   WHAT" or "FAIL WHAT: ..."; graders forbid
 * "FAIL" and match the closing summary line.
 */
#ifndef JOS_USER_TEST_LIB_HOSTILE_H
#define JOS_USER_TEST_LIB_HOSTILE_H

#include <inc/lib.h>

/* Checks made and failed so far (hostile_summary prints them). */
extern int hostile_checks, hostile_failures;

/* Check that a call described by what returned want. */
void expect(const char *what, int got, int want);

/* Check a condition that has no return value to compare. */
void expect_true(const char *what, bool cond);

/* Is env id alive: its slot holds it and is not free? */
bool env_alive(envid_t id);

/* Yield until env id is gone. */
void wait_gone(envid_t id);

/* Yield until env id is blocked receiving (or gone). */
void wait_receiving(envid_t id);

/*
 * Run action in a forked child; the kernel must destroy the child for it.
 * A child that survives action parks itself (ENV_NOT_RUNNABLE forever);
 * the parent sees that, reports the failure and destroys it.
 */
void expect_destroyed(const char *what, void (*action)(void));

/*
 * Fork a child that runs fn (and exits) once the parent has shared a fresh
 * page with it at page: the page is made after the fork, which would have
 * made it copy-on-write.  Returns the child's id; panics on failure.
 */
envid_t fork_sharing(volatile uint32_t *page, void (*fn)(void));

/*
 * Wait until child id, which increments *counter, has counted at least
 * step times and runs on another CPU while we run on ours, for up to
 * ticks of our own timer ticks.  Counted in ticks, not loops: on a loaded
 * host a virtual CPU may get no time for a while, and a child made
 * runnable again waits for a CPU's next tick.  Returns whether it did.
 */
bool wait_running(volatile uint32_t *counter, envid_t id, uint32_t step,
		  uint32_t ticks);

/* Print the closing line: "NAME: N checks, F failed". */
void hostile_summary(const char *name);

#endif
