/* Boot-time self-test of the backtrace: a few nested calls with known
 * arguments, and a backtrace printed from the innermost one. */

#include <inc/stdio.h>
#include <kern/monitor.h>

/*
 * Recurse x levels deep, printing on the way down and up, and run the
 * monitor's backtrace at the bottom.  noipa keeps the compiler from
 * cloning or specializing it, so every level is a real frame that takes
 * its argument on the stack, as the backtrace shows it.
 */
__attribute__((noipa)) void
test_backtrace(int x)
{
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}
