/* cprintf for the kernel: the shared printf engine writing to the console
 * in runs of characters (lib/printfmt.c). */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>

#include <kern/console.h>

/* Print fmt to the console; returns the number of characters printed. */
int
vcprintf(const char *fmt, va_list ap)
{
	return vprintfmt_runs(cons_write, fmt, ap);
}
