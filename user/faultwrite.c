/*
 * faultwrite: writes address 0, which is never mapped.  The kernel prints
 * "[00001000] user fault va 00000000 ip 008....." and destroys the env.
 * Written as student code writes it, with no volatile: the build keeps
 * the store (KEEP_TRAPS in GNUmakefile).
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	*(unsigned *) 0 = 0;
}
