/*
 * destroyrunning: a parent stops its child (ENV_NOT_RUNNABLE) while the
 * child is running on another CPU, destroys it, and at once forks a new
 * child, which takes over the freed slot and memory.  The kernel must not
 * free the old child while its CPU still runs it: that CPU would go on
 * with a freed address space and, at its next trap, save the old child's
 * registers over the new child's.  The new child must run its own code:
 * it writes a mark into a page it shares with the parent and exits.  Also
 * stops and restarts a running child (ENV_RUNNABLE again must not put it
 * on a second CPU).  Needs two CPUs or more.  Prints "ok   WHAT" or
 * "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <inc/x86.h>
#include <user/test/lib/hostile.h>

#define SHARED		((volatile uint32_t *) 0x10000000)
#define ROUNDS		10
#define WAIT		5000000
#define TICKS		200

enum { COUNTER, MARK, INSIDE, OVERLAP };

/* Count for ever.  Only one CPU may run an env at a time: a second one
 * would find the first inside the loop's body and say so. */
static void
spin(void)
{
	int i;

	for (;;) {
		if (xchg(&SHARED[INSIDE], 1))
			SHARED[OVERLAP] = 1;
		for (i = 0; i < 100; i++)
			SHARED[COUNTER]++;
		SHARED[INSIDE] = 0;
	}
}

static void
mark(void)
{
	SHARED[MARK] = thisenv->env_id;
}

/* Wait until child id, counting in SHARED, runs on another CPU while we
 * run on ours.  Every CPU must get to run it: one that stopped taking
 * timer interrupts stays halted, and then this gives up and says so. */
static bool
child_running(envid_t id)
{
	if (wait_running(&SHARED[COUNTER], id, 1000, TICKS))
		return true;
	cprintf("destroyrunning: child %08x is not running\n", id);
	return false;
}

/* Stop a running child, destroy it, fork another: does the new one run
 * its own code? */
static bool
destroy_round(void)
{
	envid_t old, new;
	int i;

	old = fork_sharing(SHARED, spin);
	if (!child_running(old)) {
		sys_env_destroy(old);
		wait_gone(old);
		return false;
	}
	sys_env_set_status(old, ENV_NOT_RUNNABLE);
	if (sys_env_destroy(old) < 0)
		return false;
	new = fork_sharing(SHARED, mark);
	for (i = 0; i < WAIT && env_alive(new); i++)
		sys_yield();
	if (env_alive(new)) {
		cprintf("destroyrunning: child %08x never finished\n", new);
		sys_env_destroy(new);
	}
	wait_gone(old);
	wait_gone(new);
	return SHARED[MARK] == (uint32_t) new;
}

/* Stop a running child and make it runnable at once: it must go on
 * counting, on one CPU at a time (no other CPU may take it too). */
static bool
restart_round(void)
{
	envid_t id = fork_sharing(SHARED, spin);
	bool ok;
	int i;

	ok = child_running(id);
	sys_env_set_status(id, ENV_NOT_RUNNABLE);
	sys_env_set_status(id, ENV_RUNNABLE);
	/* Give our CPU (and the others) a chance to pick it up a second
	 * time. */
	for (i = 0; i < 10; i++) {
		sys_yield();
		ok &= child_running(id);
	}
	ok &= !SHARED[OVERLAP];
	sys_env_destroy(id);
	wait_gone(id);
	return ok;
}

void
umain(int argc, char **argv)
{
	bool destroyed = true, restarted = true;
	int i;

	for (i = 0; i < ROUNDS; i++)
		destroyed &= destroy_round();
	expect_true("a stopped running child destroyed, its slot reused",
		    destroyed);
	for (i = 0; i < ROUNDS; i++)
		restarted &= restart_round();
	expect_true("a running child stopped and restarted", restarted);
	hostile_summary("destroyrunning");
}
