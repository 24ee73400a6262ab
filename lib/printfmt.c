/*
 * The printf engine shared by the kernel and the user library.
 *
 * vprintfmt walks a format string and hands every output character to a
 * caller-supplied putch function, so the same code serves the console
 * (cprintf) and memory buffers (snprintf).
 *
 * Supported: %d %i %u %o %x %X %p %s %c %e %%, length modifiers l and ll,
 * a field width (digits or *), a precision (digits or *), and the flags
 * '-' (left-justify) and '0' (pad numbers with zeros).  The flag '#' is
 * accepted and, as in classic JOS, changes nothing (%#x of 255 is "ff").
 */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/stdarg.h>
#include <inc/error.h>
#include <inc/assert.h>

/* Text of each error code, indexed by the positive code. */
static const char *const error_string[MAXERROR] = {
	[E_UNSPECIFIED]	 = "unspecified error",
	[E_BAD_ENV]	 = "bad environment",
	[E_INVAL]	 = "invalid parameter",
	[E_NO_MEM]	 = "out of memory",
	[E_NO_FREE_ENV]	 = "out of environments",
	[E_FAULT]	 = "segmentation fault",
	[E_IPC_NOT_RECV] = "env is not recving",
	[E_EOF]		 = "unexpected end of file",
	[E_NO_DISK]	 = "no free space on disk",
	[E_MAX_OPEN]	 = "too many files are open",
	[E_NOT_FOUND]	 = "file or block not found",
	[E_BAD_PATH]	 = "invalid path",
	[E_FILE_EXISTS]	 = "file already exists",
	[E_NOT_EXEC]	 = "file is not a valid executable",
	[E_NOT_SUPP]	 = "operation not supported",
	[E_AGAIN]	 = "try again",
};

/* How one conversion was specified. */
struct spec {
	int width;		/* minimum field width, or -1 */
	int prec;		/* precision, or -1 */
	bool left;		/* '-': pad on the right */
	char pad;		/* ' ' or '0' */
	int lflag;		/* 0, 1 (l) or 2 (ll) */
};

/*
 * Divide *n by base in place and return the remainder.  Two 32-bit divl
 * steps, cheaper than libgcc's general 64-by-64-bit division.  The high
 * step leaves a remainder below base, so the low divl can't overflow.
 */
static uint32_t
divmod64(uint64_t *n, uint32_t base)
{
	uint32_t hi = (uint32_t) (*n >> 32);
	uint32_t lo = (uint32_t) *n;
	uint32_t qhi = hi / base;
	uint32_t rem = hi % base;
	uint32_t qlo;

	asm("divl %4" : "=a" (qlo), "=d" (rem) : "0" (lo), "1" (rem), "rm" (base));
	*n = ((uint64_t) qhi << 32) | qlo;
	return rem;
}

/* Emit c n times. */
static void
pad_out(void (*putch)(int, void *), void *putdat, int c, int n)
{
	while (n-- > 0)
		putch(c, putdat);
}

/*
 * Print num in the given base with sp's width, precision and padding.
 * prefix ("-", "0x" or "") goes before any zero padding.
 */
static void
print_num(void (*putch)(int, void *), void *putdat, uint64_t num,
	  unsigned base, bool upper, const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];		/* 2^64 in octal has 22 digits */
	int ndig = 0, nzero, nfill, plen = strlen(prefix);

	/* C rule: a zero with precision 0 prints no digits. */
	while (num != 0 || (ndig == 0 && sp->prec != 0))
		buf[ndig++] = digits[divmod64(&num, base)];

	nzero = sp->prec > ndig ? sp->prec - ndig : 0;
	nfill = sp->width - plen - nzero - ndig;
	/* '0' pads with zeros only when no precision is given, as in C. */
	if (sp->pad == '0' && !sp->left && sp->prec < 0) {
		nzero += nfill > 0 ? nfill : 0;
		nfill = 0;
	}

	if (!sp->left)
		pad_out(putch, putdat, ' ', nfill);
	while (*prefix)
		putch(*prefix++, putdat);
	pad_out(putch, putdat, '0', nzero);
	while (ndig > 0)
		putch(buf[--ndig], putdat);
	if (sp->left)
		pad_out(putch, putdat, ' ', nfill);
}

/* Print at most sp->prec characters of s, padded to sp->width. */
static void
print_str(void (*putch)(int, void *), void *putdat, const char *s,
	  const struct spec *sp)
{
	int len;

	if (s == NULL)
		s = "(null)";
	len = sp->prec >= 0 ? strnlen(s, sp->prec) : strlen(s);
	if (!sp->left)
		pad_out(putch, putdat, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		putch(s[i], putdat);
	if (sp->left)
		pad_out(putch, putdat, ' ', sp->width - len);
}

/* Fetch an unsigned argument of the size the length modifier names. */
static uint64_t
get_unsigned(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, unsigned long long);
	if (lflag == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

/* Fetch a signed argument of the size the length modifier names. */
static int64_t
get_signed(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, long long);
	if (lflag == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

/* Print error code err (either sign) as text, or "error N". */
static void
print_error(void (*putch)(int, void *), void *putdat, int err,
	    const struct spec *sp)
{
	if (err < 0)
		err = -err;
	if (err > 0 && err < MAXERROR && error_string[err] != NULL)
		print_str(putch, putdat, error_string[err], sp);
	else
		printfmt(putch, putdat, "error %d", err);
}

/*
 * Parse the flags, width, precision and length of the conversion at *fmtp
 * (just past the '%'), taking '*' values from ap.  Advances *fmtp to the
 * conversion character.
 */
static void
parse_spec(const char **fmtp, va_list *ap, struct spec *sp)
{
	const char *p = *fmtp;

	*sp = (struct spec) { .width = -1, .prec = -1, .pad = ' ' };
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->pad = '0';
		else if (*p != '#')	/* '#': accepted, ignored */
			break;
	}

	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		/* A negative * width means left-justify, as in C. */
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		p++;
	} else {
		for (; *p >= '0' && *p <= '9'; p++)
			sp->width = (sp->width < 0 ? 0 : sp->width * 10) + *p - '0';
	}

	if (*p == '.') {
		p++;
		sp->prec = 0;
		if (*p == '*') {
			sp->prec = va_arg(*ap, int);
			p++;
		} else {
			for (; *p >= '0' && *p <= '9'; p++)
				sp->prec = sp->prec * 10 + *p - '0';
		}
	}

	for (; *p == 'l'; p++)
		sp->lflag++;
	*fmtp = p;
}

/*
 * Format fmt with the arguments in ap, passing each output character to
 * putch(c, putdat).  An unknown conversion is printed literally.
 */
void
vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt,
	  va_list ap)
{
	va_list args;
	struct spec sp;

	/* Work on a copy so helpers can take its address portably. */
	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		int64_t snum;

		if (*fmt != '%') {
			putch(*fmt++, putdat);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &args, &sp);

		switch (*fmt) {
		case 'd':
		case 'i':
			snum = get_signed(&args, sp.lflag);
			if (snum < 0)
				print_num(putch, putdat, -(uint64_t) snum, 10,
					  false, "-", &sp);
			else
				print_num(putch, putdat, snum, 10, false, "", &sp);
			break;
		case 'u':
			print_num(putch, putdat, get_unsigned(&args, sp.lflag),
				  10, false, "", &sp);
			break;
		case 'o':
			/* LAB 1: print the unsigned argument in base 8,
			 * as %u does in base 10. */
			print_num(putch, putdat, get_unsigned(&args, sp.lflag),
				  8, false, "", &sp);
			break;
			/* END LAB 1 */
		case 'x':
		case 'X':
			print_num(putch, putdat, get_unsigned(&args, sp.lflag),
				  16, *fmt == 'X', "", &sp);
			break;
		case 'p':
			print_num(putch, putdat,
				  (uintptr_t) va_arg(args, void *), 16, false,
				  "0x", &sp);
			break;
		case 's':
			print_str(putch, putdat, va_arg(args, const char *), &sp);
			break;
		case 'c':
			if (!sp.left)
				pad_out(putch, putdat, ' ', sp.width - 1);
			putch(va_arg(args, int), putdat);
			if (sp.left)
				pad_out(putch, putdat, ' ', sp.width - 1);
			break;
		case 'e':
			print_error(putch, putdat, va_arg(args, int), &sp);
			break;
		case '%':
			putch('%', putdat);
			break;
		default:
			/* Not a conversion we know: show it as written. */
			for (; start < fmt; start++)
				putch(*start, putdat);
			if (*fmt == '\0')
				goto out;
			putch(*fmt, putdat);
			break;
		}
		fmt++;
	}
out:
	va_end(args);
}

/* printfmt: vprintfmt with its arguments inline. */
void
printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintfmt(putch, putdat, fmt, ap);
	va_end(ap);
}

/* Where vsnprintf is writing: the next byte and the last usable byte. */
struct sprintbuf {
	char *buf;
	char *last;		/* reserved for the terminating NUL */
	int count;		/* characters produced, stored or not */
};

static void
sprint_putch(int ch, void *data)
{
	struct sprintbuf *b = data;

	b->count++;
	if (b->buf < b->last)
		*b->buf++ = ch;
}

/*
 * Format into str, storing at most size-1 characters and a NUL.  Returns
 * the length the whole output would have (so a result >= size means it was
 * cut short), or -E_INVAL when str is NULL or size < 1.
 */
int
vsnprintf(char *str, int size, const char *fmt, va_list ap)
{
	struct sprintbuf b;

	if (str == NULL || size < 1)
		return -E_INVAL;
	b = (struct sprintbuf) { str, str + size - 1, 0 };
	vprintfmt(sprint_putch, &b, fmt, ap);
	*b.buf = '\0';
	return b.count;
}

/* snprintf: vsnprintf with its arguments inline. */
int
snprintf(char *str, int size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(str, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Output on its way to a device, handed over in runs. */
struct runbuf {
	void (*write)(const char *s, size_t n);
	int len;		/* bytes waiting in buf */
	int count;		/* bytes printed so far */
	char buf[256];
};

static void
run_putch(int ch, void *data)
{
	struct runbuf *b = data;

	b->buf[b->len++] = ch;
	b->count++;
	if (b->len == sizeof(b->buf)) {
		b->write(b->buf, b->len);
		b->len = 0;
	}
}

/*
 * Format and hand the output to write() in runs of up to 256 characters
 * rather than one at a time: the console prints a run at once, and a user
 * program's line reaches it in one system call, not interleaved with
 * other envs' output.  Returns the number of characters printed.  The
 * kernel's and the user library's cprintf are this with their own write.
 */
int
vprintfmt_runs(void (*write)(const char *s, size_t n), const char *fmt,
	       va_list ap)
{
	struct runbuf b = { .write = write, .len = 0, .count = 0 };

	vprintfmt(run_putch, &b, fmt, ap);
	if (b.len > 0)
		write(b.buf, b.len);
	return b.count;
}

/* cprintf, for kernel and user alike: vcprintf, which each side defines
 * for its own console, with its arguments inline. */
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
