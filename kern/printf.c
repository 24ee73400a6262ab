/* cprintf for the kernel: the shared printf engine writing to the console. */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>

#include <kern/console.h>

/* Characters on their way to the console, written out in runs. */
struct printbuf {
	char buf[64];
	int len;
	int cnt;	/* characters printed in all */
};

static void
flush(struct printbuf *b)
{
	cons_write(b->buf, b->len);
	b->len = 0;
}

static void
putch(int ch, void *data)
{
	struct printbuf *b = data;

	b->buf[b->len++] = ch;
	b->cnt++;
	if (b->len == sizeof(b->buf))
		flush(b);
}

/* Print fmt to the console; returns the number of characters printed. */
int
vcprintf(const char *fmt, va_list ap)
{
	struct printbuf b = { .len = 0, .cnt = 0 };

	vprintfmt(putch, &b, fmt, ap);
	flush(&b);
	return b.cnt;
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
