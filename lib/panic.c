/* panic and warn for user programs. */

#include <inc/lib.h>

/*
 * Print "[ENVID] user KIND in PROGRAM at FILE:LINE: " and the formatted
 * message as one line.  The message is formatted first so that the whole
 * line goes out in a single cprintf, not interleaved with other envs'
 * output.
 */
static void
report(const char *kind, const char *file, int line, const char *fmt,
       va_list ap)
{
	char msg[200];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	cprintf("[%08x] user %s in %s at %s:%d: %s\n", sys_getenvid(), kind,
		binaryname, file, line, msg);
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
