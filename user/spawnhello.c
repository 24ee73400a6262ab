/*
 * spawnhello: spawn hello from the disk.  Prints "i am parent environment
 * ID"; the child prints "hello, world" and "i am environment ID", and
 * once both are gone the kernel has nothing left to run.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;

	cprintf("i am parent environment %08x\n", thisenv->env_id);
	if ((child = spawnl("hello", "hello", NULL)) < 0)
		panic("spawn(hello) failed: %e", child);
}
