/*
 * divzero: divides by zero.  The kernel prints the trap frame with
 * "trap 0x00000000 Divide error" and destroys the env, so the result line
 * "1/0 is ..." must never appear.
 */
#include <inc/lib.h>

/* volatile: the compiler must emit a real division at run time (it would
 * otherwise rewrite 1/x as a comparison that cannot trap). */
static volatile int one = 1, zero;

void
umain(int argc, char **argv)
{
	cprintf("1/0 is %08x!\n", one / zero);
}
