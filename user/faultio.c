/*
 * faultio: a program without I/O privilege tries to talk to the disk.
 * Only the file server runs with IOPL 3, so the out instruction must
 * raise a general protection fault (the kernel prints the trap frame
 * and destroys us).  Prints "eflags wrong" if it has I/O privilege
 * after all (checked right after a file-server request), and "made it
 * here --- bug" if the out did not fault.
 */
#include <inc/lib.h>
#include <inc/x86.h>

void
umain(int argc, char **argv)
{
	struct Stat st;
	bool wrong = false;

	/* Run between the server's time slices (it is busy starting up,
	 * and a request keeps it busy): its I/O privilege must never come
	 * back to us with the CPU. */
	for (int i = 0; i < 200; i++) {
		sys_yield();
		wrong |= (read_eflags() & FL_IOPL_MASK) != 0;
	}
	stat("/newmotd", &st);
	wrong |= (read_eflags() & FL_IOPL_MASK) != 0;
	if (wrong)
		cprintf("eflags wrong\n");

	/* Select IDE disk 1: harmless, had it been allowed. */
	outb(0x1F6, 0xF0);

	cprintf("made it here --- bug\n");
}
