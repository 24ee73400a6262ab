/*
 * stresssched: many envs yielding on several CPUs; none may ever run on two
 * CPUs at once.  The parent forks NCHILD children and exits.  Each child
 * counts up a private counter in bursts between yields; the increments are
 * plain loads and stores, so if the kernel ran one env on two CPUs at the
 * same time, updates would be lost and the total would come out short.
 * Each child ends with "[%08x] stresssched on CPU %d", or panics with
 * "ran on two CPUs at once".
 */
#include <inc/lib.h>

#define NCHILD	20
#define ROUNDS	10
#define BURST	10000

static volatile int counter;

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid();
	int i, j;

	for (i = 0; i < NCHILD; i++)
		if (fork() == 0)
			break;
	if (i == NCHILD) {
		sys_yield();
		return;
	}

	/* Start the bursts only when all the children exist. */
	while (envs[ENVX(parent)].env_status != ENV_FREE)
		sys_yield();

	for (i = 0; i < ROUNDS; i++) {
		sys_yield();
		if (thisenv->env_status != ENV_RUNNING)
			panic("running with status %d", thisenv->env_status);
		for (j = 0; j < BURST; j++)
			counter++;
	}
	if (counter != ROUNDS * BURST)
		panic("ran on two CPUs at once (counter is %d)", counter);

	cprintf("[%08x] stresssched on CPU %d\n",
		thisenv->env_id, thisenv->env_cpunum);
}
