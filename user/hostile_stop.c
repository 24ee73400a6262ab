/*
 * hostile_stop: when sys_env_set_status(child, ENV_NOT_RUNNABLE) or
 * sys_env_destroy(child) returns, the child must be off every CPU: a
 * counter it increments in a page shared with its parent must not move
 * any more.  The child runs on another CPU when it is stopped (rounds
 * where it did not are counted apart), either spinning in user mode or
 * making system calls, so that it is caught in user mode and in the
 * kernel alike.  Repeated ROUNDS times per kind, to catch a race lost
 * one time in ten.  Needs 4 CPUs.  Prints "ok   WHAT" or "FAIL WHAT" per
 * check.
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define SHARED		((volatile uint32_t *) 0x10000000)
#define ROUNDS		40
#define TICKS		50
/* Reads of the counter after a stop: far longer than the child takes to
 * increment it once. */
#define WATCH		100000

enum { COUNTER };

/* Fork a child that runs fn once the parent has shared a fresh page with
 * it at SHARED (made after the fork, which would make it copy-on-write). */
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

/* Count for ever in user mode. */
static void
spin(void)
{
	for (;;)
		SHARED[COUNTER]++;
}

/* Count for ever, entering the kernel between counts. */
static void
call(void)
{
	for (;;) {
		SHARED[COUNTER]++;
		sys_getenvid();
	}
}

/* Wait until child id counts on another CPU while we run on ours, for
 * up to TICKS of our own timer ticks (on a loaded host a virtual CPU may
 * get no time for a while: loops would be too short). */
static bool
wait_running(envid_t id)
{
	uint32_t seen = SHARED[COUNTER];
	uint32_t until = thisenv->env_runs + TICKS;

	while ((int32_t) (until - thisenv->env_runs) > 0)
		if (SHARED[COUNTER] - seen >= 100 &&
		    envs[ENVX(id)].env_status == ENV_RUNNING)
			return true;
	return false;
}

/* Does the counter stay where it is for a while? */
static bool
counter_still(void)
{
	uint32_t before = SHARED[COUNTER];
	int i;

	for (i = 0; i < WATCH; i++)
		if (SHARED[COUNTER] != before)
			return false;
	return true;
}

struct tally {
	int rounds;		/* rounds where the child ran when stopped */
	int moved_stopped;	/* ... and counted after the stop returned */
	int moved_destroyed;	/* ... or after the destroy returned */
};

/* One round: stop a running child and check it stays stopped; let it
 * run again, destroy it while it runs, and check it counts no more. */
static void
stop_round(void (*fn)(void), struct tally *t)
{
	envid_t id = fork_sharing(fn);

	if (wait_running(id)) {
		t->rounds++;
		sys_env_set_status(id, ENV_NOT_RUNNABLE);
		if (!counter_still())
			t->moved_stopped++;
		sys_env_set_status(id, ENV_RUNNABLE);
		if (wait_running(id)) {
			sys_env_destroy(id);
			if (!counter_still())
				t->moved_destroyed++;
		}
	}
	sys_env_destroy(id);
	wait_gone(id);
}

static void
stop_rounds(const char *kind, void (*fn)(void))
{
	struct tally t = { 0, 0, 0 };
	char what[80];
	int i;

	for (i = 0; i < ROUNDS; i++)
		stop_round(fn, &t);
	snprintf(what, sizeof(what), "%s child caught running in %d of %d "
		 "rounds", kind, t.rounds, ROUNDS);
	expect_true(what, t.rounds >= ROUNDS / 2);
	snprintf(what, sizeof(what), "%s child stopped: still (moved in %d "
		 "rounds)", kind, t.moved_stopped);
	expect_true(what, t.moved_stopped == 0);
	snprintf(what, sizeof(what), "%s child destroyed: still (moved in %d "
		 "rounds)", kind, t.moved_destroyed);
	expect_true(what, t.moved_destroyed == 0);
}

void
umain(int argc, char **argv)
{
	stop_rounds("spinning", spin);
	stop_rounds("calling", call);
	hostile_summary("hostile_stop");
}
