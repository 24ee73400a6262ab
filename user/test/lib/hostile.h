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

/* Print the closing line: "NAME: N checks, F failed". */
void hostile_summary(const char *name);

#endif
