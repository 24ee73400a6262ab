/*
 * spin: a parent kills a child that never yields.  The child spins in a
 * loop without system calls, so the parent only gets the CPU back through
 * timer preemption.  Output: "I am the parent.  Forking the child...",
 * "I am the parent.  Running the child...", "I am the child.  Spinning..."
 * (these two in either order on several CPUs), "I am the parent.  Killing
 * the child...", then the kernel's "[00001000] destroying 00001001" and
 * "[00001000] free env 00001001".
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;
	int i;

	cprintf("I am the parent.  Forking the child...\n");
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		cprintf("I am the child.  Spinning...\n");
		for (;;)
			continue;
	}

	cprintf("I am the parent.  Running the child...\n");
	for (i = 0; i < 8; i++)
		sys_yield();

	cprintf("I am the parent.  Killing the child...\n");
	sys_env_destroy(child);
}
