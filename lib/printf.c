/*
 * cprintf for user programs: the shared printf engine, its output written
 * with one sys_cputs per run of characters (lib/printfmt.c), so that a
 * line reaches the console in one piece rather than one system call per
 * character interleaved with other envs' output.
 */

#include <inc/lib.h>

/* Print fmt to the console; returns the number of characters printed. */
int
vcprintf(const char *fmt, va_list ap)
{
	return vprintfmt_runs(sys_cputs, fmt, ap);
}
