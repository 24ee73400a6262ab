/* Boot-time self-test of the backtrace: a few nested calls with known
 * arguments, and a backtrace printed from the innermost one. */

#include <inc/stdio.h>
#include <kern/monitor.h>

/* GCC's noipa keeps it from cloning or specializing a function; clang,
 * which has no noipa, does neither to a noinline one. */
#ifdef __clang__
#define NO_IPA	__attribute__((noinline))
#else
#define NO_IPA	__attribute__((noipa))
#endif

/*
 * Recurse x levels deep, printing on the way down and up, and run the
 * monitor's backtrace at the bottom.  NO_IPA makes every level a real
 * frame that takes its argument on the stack, as the backtrace shows it.
 */
NO_IPA void
test_backtrace(int x)
{
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}
