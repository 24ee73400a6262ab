/* panic and warn for user programs. */

#include <inc/lib.h>

/*
 * Print "[ENVID] user panic in PROGRAM at FILE:LINE: " and the message,
 * then stop at a breakpoint so that the kernel drops into its monitor.
 * Resuming from the monitor only hits the breakpoint again.
 */
void
_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cprintf("[%08x] user panic in %s at %s:%d: ", sys_getenvid(),
		binaryname, file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);

	for (;;)
		asm volatile("int3");
}

/* Print "[ENVID] user warning in PROGRAM at FILE:LINE: " and the message. */
void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cprintf("[%08x] user warning in %s at %s:%d: ", sys_getenvid(),
		binaryname, file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
}
