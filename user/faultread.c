/*
 * faultread: reads address 0, which is never mapped.  The kernel prints
 * "[00001000] user fault va 00000000 ip 008....." and destroys the env; the
 * "I read ..." line must not appear.  Written as student code writes it,
 * with no volatile: the build keeps the load (KEEP_TRAPS in GNUmakefile).
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("I read %08x from location 0!\n", *(unsigned *) 0);
}
