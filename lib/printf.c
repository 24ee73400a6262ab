/*
 * cprintf for user programs.  Output is collected in a buffer on the
 * stack and written with one sys_cputs per buffer-full, so that a line
 * reaches the console in one piece rather than one system call per
 * character interleaved with other envs' output.
 */

#include <inc/lib.h>

struct printbuf {
	int len;		/* bytes waiting in buf */
	int count;		/* bytes printed so far */
	char buf[256];
};

static void
putch(int ch, void *data)
{
	struct printbuf *b = data;

	b->buf[b->len++] = ch;
	b->count++;
	if (b->len == sizeof(b->buf)) {
		sys_cputs(b->buf, b->len);
		b->len = 0;
	}
}

/* Print fmt to the console; returns the number of characters printed. */
int
vcprintf(const char *fmt, va_list ap)
{
	struct printbuf b = { .len = 0, .count = 0 };

	vprintfmt(putch, &b, fmt, ap);
	if (b.len > 0)
		sys_cputs(b.buf, b.len);
	return b.count;
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
