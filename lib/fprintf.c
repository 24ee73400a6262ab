/*
 * printf and fprintf: formatted output to a file descriptor.  The text is
 * gathered in a small buffer and handed to write() a buffer at a time, so
 * that a line usually reaches a pipe or the console in one piece.
 * cprintf (lib/printf.c) still always prints to the console.
 */
#include <inc/lib.h>

#define FPRINTF_BUFSIZE	256

struct fdbuf {
	int fd;
	int len;		/* bytes waiting in buf */
	ssize_t written;	/* bytes written so far */
	int error;		/* the first write error, or 0 */
	char buf[FPRINTF_BUFSIZE];
};

/* Write out what b holds; after an error, just drop it. */
static void
fdbuf_flush(struct fdbuf *b)
{
	ssize_t r;

	if (b->len > 0 && b->error == 0) {
		r = write(b->fd, b->buf, b->len);
		if (r < 0)
			b->error = r;
		else
			b->written += r;
	}
	b->len = 0;
}

static void
fdbuf_putch(int ch, void *data)
{
	struct fdbuf *b = data;

	b->buf[b->len++] = ch;
	if (b->len == FPRINTF_BUFSIZE)
		fdbuf_flush(b);
}

/* Format to fd.  Returns the number of bytes written, or the first
 * write error. */
int
vfprintf(int fd, const char *fmt, va_list ap)
{
	struct fdbuf b = { .fd = fd, .len = 0, .written = 0, .error = 0 };

	vprintfmt(fdbuf_putch, &b, fmt, ap);
	fdbuf_flush(&b);
	return b.error ? b.error : b.written;
}

int
fprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}

/* Format to fd 1, the standard output. */
int
printf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(1, fmt, ap);
	va_end(ap);
	return r;
}
