/*
 * spawnfaultio: spawn faultio, which must not get I/O privilege although
 * spawn asks for it: the kernel strips IOPL, and faultio's port access
 * traps.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;

	cprintf("i am parent environment %08x\n", thisenv->env_id);
	if ((child = spawnl("faultio", "faultio", NULL)) < 0)
		panic("spawn(faultio) failed: %e", child);
}
