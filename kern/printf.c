/* cprintf for the kernel: the shared printf engine writing to the console. */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>

/* Send one character to the console and count it in *(int *) cnt. */
static void
putch(int ch, void *cnt)
{
	cputchar(ch);
	(*(int *) cnt)++;
}

/* Print fmt to the console; returns the number of characters printed. */
int
vcprintf(const char *fmt, va_list ap)
{
	int cnt = 0;

	vprintfmt(putch, &cnt, fmt, ap);
	return cnt;
}

int
cprintf(const char *fmt, ...)
{
	va_list ap;
	int cnt;

	va_start(ap, fmt);
	cnt = vcprintf(fmt, ap);
	va_end(ap);
	return cnt;
}
