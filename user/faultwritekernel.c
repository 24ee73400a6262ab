/*
 * faultwritekernel: writes kernel memory at 0xf0100000.  The kernel prints
 * "[00001000] user fault va f0100000 ip 008....." and destroys the env.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	*(volatile unsigned *) 0xf0100000 = 0;
}
