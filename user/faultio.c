/*
 * faultio: a program without I/O privilege tries to talk to the disk.
 * Only the file server runs with IOPL 3, so the out instruction must
 * raise a general protection fault (the kernel prints the trap frame
 * and destroys us).  Prints "eflags wrong" if it has IOPL 3 after all,
 * and "made it here --- bug" if the out did not fault.
 */
#include <inc/lib.h>
#include <inc/x86.h>

void
umain(int argc, char **argv)
{
	if (read_eflags() & FL_IOPL_3)
		cprintf("eflags wrong\n");

	/* Select IDE disk 1: harmless, had it been allowed. */
	outb(0x1F6, 0xF0);

	cprintf("made it here --- bug\n");
}
