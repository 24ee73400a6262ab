/* spawninit: spawn init with two arguments, which init prints back. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;

	cprintf("i am parent environment %08x\n", thisenv->env_id);
	if ((child = spawnl("init", "init", "one", "two", NULL)) < 0)
		panic("spawnl(init) failed: %e", child);
}
