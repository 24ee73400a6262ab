/* Kernel panics and warnings. */

#include <inc/stdio.h>
#include <inc/assert.h>
#include <kern/cpu.h>
#include <kern/monitor.h>

/* The first panic's format string, or NULL: set once the kernel panics. */
const char *panicstr;

/*
 * Report an unrecoverable kernel error at file:line, show how the kernel
 * got there, and stay in the monitor for good.  Interrupts are disabled
 * first so nothing else runs on this CPU.  A panic raised while handling
 * an earlier one prints its message but skips the backtrace, which may be
 * what failed.
 */
void
_panic(const char *file, int line, const char *fmt, ...)
{
	bool nested = panicstr != NULL;
	va_list ap;

	asm volatile("cli; cld");
	if (!nested)
		panicstr = fmt;

	va_start(ap, fmt);
	cprintf("kernel panic%s on CPU %d at %s:%d: ", nested ? " (nested)" : "",
		cpunum(), file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);

	if (!nested)
		mon_backtrace(0, NULL, NULL);
	monitor(NULL);
}

/* Report a recoverable oddity at file:line and carry on. */
void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cprintf("kernel warning at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
}
