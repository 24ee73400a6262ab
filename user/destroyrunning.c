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
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define SHARED		((volatile uint32_t *) 0x10000000)
#define ROUNDS		10
#define WAIT		5000000
#define TICKS		200

enum { COUNTER, MARK, INSIDE, OVERLAP };

/* Fork a child that runs fn once the parent has shared a fresh page
 * with it at SHARED (made after the fork: fork would make it
 * copy-on-write). */
static envid_t
fork_sharing(void (*fn)(void))
{
	envid_t id;
	int r;

	sys_page_unmap(0, (void *) SHARED);
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		while (!(uvpd[PDX(SHARED)] & PTE_P) ||
		       !(uvpt[PGNUM(SHARED)] & PTE_P))
			sys_yield();
		fn();
		exit();
	}
	if ((r = sys_page_alloc(0, (void *) SHARED, PUW)) < 0 ||
	    (r = sys_page_map(0, (void *) SHARED, id, (void *) SHARED, PUW)) < 0)
		panic("sharing a page: %e", r);
	return id;
}

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

/* Wait until child id, counting in SHARED, runs on another CPU while
 * we run on ours, for up to TICKS of our own timer ticks.  Every CPU must
 * get to run it: one that stopped taking timer interrupts stays halted,
 * and then this gives up and says so.  Counted in ticks, not loops: a
 * child stopped and made runnable again waits for a CPU's next tick, and
 * on a loaded host a virtual CPU may get no time for a while. */
static bool
wait_running(envid_t id)
{
	uint32_t seen = SHARED[COUNTER];
	uint32_t until = thisenv->env_runs + TICKS;

	while ((int32_t) (until - thisenv->env_runs) > 0)
		if (SHARED[COUNTER] - seen >= 1000 &&
		    envs[ENVX(id)].env_status == ENV_RUNNING)
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

	old = fork_sharing(spin);
	if (!wait_running(old)) {
		sys_env_destroy(old);
		wait_gone(old);
		return false;
	}
	sys_env_set_status(old, ENV_NOT_RUNNABLE);
	if (sys_env_destroy(old) < 0)
		return false;
	new = fork_sharing(mark);
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
	envid_t id = fork_sharing(spin);
	bool ok;
	int i;

	ok = wait_running(id);
	sys_env_set_status(id, ENV_NOT_RUNNABLE);
	sys_env_set_status(id, ENV_RUNNABLE);
	/* Give our CPU (and the others) a chance to pick it up a second
	 * time. */
	for (i = 0; i < 10; i++) {
		sys_yield();
		ok &= wait_running(id);
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
