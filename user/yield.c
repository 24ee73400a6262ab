/*
 * yield: three envs taking turns with sys_yield.  The first env forks two
 * copies of itself, then each prints "Hello, I am environment %08x.", five
 * "Back in environment %08x, iteration %d." lines and "All done in
 * environment %08x.".  Each env's own lines come in that order; on one
 * CPU the round-robin scheduler interleaves the three (1000, 1001, 1002,
 * 1000, ..., give or take a timer tick), so all greet before any is done.
 */
#include <inc/lib.h>

#define NCOPIES	3

void
umain(int argc, char **argv)
{
	int i;

	/* Only the original env forks, so there are NCOPIES in all. */
	for (i = 1; i < NCOPIES; i++) {
		envid_t id = fork();
		if (id < 0)
			panic("fork: %e", id);
		if (id == 0)
			break;
	}

	cprintf("Hello, I am environment %08x.\n", thisenv->env_id);
	for (i = 0; i < 5; i++) {
		sys_yield();
		cprintf("Back in environment %08x, iteration %d.\n",
			thisenv->env_id, i);
	}
	cprintf("All done in environment %08x.\n", thisenv->env_id);
}
