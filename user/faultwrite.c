/*
 * faultwrite: writes address 0, which is never mapped.  The kernel prints
 * "[00001000] user fault va 00000000 ip 008....." and destroys the env.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	*(volatile unsigned *) 0 = 0;
}
