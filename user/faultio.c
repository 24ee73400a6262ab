/*
 * faultio: an env other than the file server has no I/O privilege, so
 * its first port access is a general protection fault, which destroys
 * it.  (spawnfaultio starts it with a frame asking for IOPL 3.)
 */
#include <inc/x86.h>
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	if ((read_eflags() & FL_IOPL_MASK) == FL_IOPL_3)
		cprintf("eflags wrong\n");
	/* Select the second IDE disk: harmless, if it were allowed. */
	outb(0x1F6, 0xF0);
	cprintf("faultio: made it here --- bug\n");
}
