/* panic and warn for user programs. */

#include <inc/lib.h>

/*
 * Print "[ENVID] user KIND in PROGRAM at FILE:LINE: " and the formatted
 * message as one line.  The line is formatted first so that it goes out
 * in a single system call, not interleaved with other envs' output; one
 * too long for the buffer goes out in pieces, but whole.
 */
static void
report(const char *kind, const char *file, int line, const char *fmt,
       va_list ap)
{
	char buf[512];
	va_list again;
	int n, m;

	n = snprintf(buf, sizeof(buf), "[%08x] user %s in %s at %s:%d: ",
		     sys_getenvid(), kind, binaryname, file, line);
	if (n >= (int) sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	va_copy(again, ap);
	m = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n + m + 1 < (int) sizeof(buf)) {
		buf[n + m] = '\n';
		sys_cputs(buf, n + m + 1);
	} else {
		sys_cputs(buf, n);
		vcprintf(fmt, again);
		sys_cputs("\n", 1);
	}
	va_end(again);
}

/*
 * Report the panic, then stop at a breakpoint so that the kernel drops
 * into its monitor.  Resuming from the monitor only hits the breakpoint
 * again.
 */
void
_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("panic", file, line, fmt, ap);
	va_end(ap);

	for (;;)
		asm volatile("int3");
}

void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning", file, line, fmt, ap);
	va_end(ap);
}
