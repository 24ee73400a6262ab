/*
 * divzero: divides by zero, written as student code writes it: a plain
 * global divisor.  The kernel prints the trap frame with "trap 0x00000000
 * Divide error" and destroys the env, so the result line "1/0 is ..."
 * must never appear (the build keeps the division a division: see
 * KEEP_TRAPS in GNUmakefile).
 */
#include <inc/lib.h>

int zero = 0;

void
umain(int argc, char **argv)
{
	cprintf("1/0 is %08x!\n", 1/zero);
}
