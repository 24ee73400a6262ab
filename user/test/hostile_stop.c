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
#include <user/test/lib/hostile.h>

#define SHARED		((volatile uint32_t *) 0x10000000)
#define ROUNDS		40
#define TICKS		50
/* Reads of the counter after a stop: far longer than the child takes to
 * increment it once. */
#define WATCH		100000

enum { COUNTER };

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
	envid_t id = fork_sharing(SHARED, fn);

	if (wait_running(&SHARED[COUNTER], id, 100, TICKS)) {
		t->rounds++;
		sys_env_set_status(id, ENV_NOT_RUNNABLE);
		if (!counter_still())
			t->moved_stopped++;
		sys_env_set_status(id, ENV_RUNNABLE);
		if (wait_running(&SHARED[COUNTER], id, 100, TICKS)) {
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
