/*
 * primes: the concurrent prime sieve, one env per prime.  The first env
 * sends 2, 3, 4, ... down a chain of envs by IPC.  Each env in the chain
 * takes the first number it receives as its prime p, prints "CPU %d: %d "
 * (the CPU it runs on and p; the kernel's "new env" line follows on the
 * same line when it forks), forks the next env of the chain, and passes on
 * only the numbers that p does not divide.  The chain grows forever; the
 * grader stops it after "CPU .: 1877".
 */
#include <inc/lib.h>

/* Be one link of the chain, fed by whichever env sends to us.  Never
 * returns. */
static void __attribute__((noreturn))
sieve(void)
{
	envid_t next;
	uint32_t p, n;

	for (;;) {
		p = ipc_recv(0, 0, 0);
		cprintf("CPU %d: %d ", thisenv->env_cpunum, p);
		if ((next = fork()) < 0)
			panic("fork: %e", next);
		if (next != 0)
			break;
		/* The new child is the next link: it starts over. */
	}

	for (;;) {
		n = ipc_recv(0, 0, 0);
		if (n % p != 0)
			ipc_send(next, n, 0, 0);
	}
}

void
umain(int argc, char **argv)
{
	envid_t first;
	uint32_t n;

	if ((first = fork()) < 0)
		panic("fork: %e", first);
	if (first == 0)
		sieve();

	for (n = 2; ; n++)
		ipc_send(first, n, 0, 0);
}
