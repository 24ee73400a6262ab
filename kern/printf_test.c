/*
 * Boot-time self-test of the printf engine: every verb, flag and length
 * modifier the kernel and user library rely on, checked through snprintf.
 */

#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/error.h>
#include <kern/monitor.h>

/*
 * Format with snprintf into a small buffer and compare with want.  Prints
 * a FAIL line on a mismatch.  Returns 1 on a mismatch, 0 otherwise.
 */
static int
expect(const char *want, const char *fmt, ...)
{
	char got[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	if (strcmp(got, want) == 0)
		return 0;
	cprintf("printf: FAIL %s: got \"%s\" want \"%s\"\n", fmt, got, want);
	return 1;
}

/* snprintf must cut the output, terminate it, and return the full length. */
static int
expect_truncation(void)
{
	char small[4];
	int n = snprintf(small, sizeof(small), "%d", 123456);

	if (n == 6 && strcmp(small, "123") == 0)
		return 0;
	cprintf("printf: FAIL %%d into 4 bytes: got \"%s\" (%d) want \"123\" (6)\n",
		small, n);
	return 1;
}

/* Run every check; print "printf: ok" if all pass. */
void
printf_selftest(void)
{
	int fails = 0;

	cprintf("%d decimal is %o octal!\n", 6828, 6828);

	fails += expect("0", "%d", 0);
	fails += expect("-1234", "%d", -1234);
	fails += expect("42", "%i", 42);
	fails += expect("-2147483648", "%d", (int) 0x80000000);
	fails += expect("4294967295", "%u", 4294967295u);
	fails += expect("15254", "%o", 6828);
	fails += expect("deadbeef", "%x", 0xdeadbeefu);
	fails += expect("DEADBEEF", "%X", 0xdeadbeefu);
	fails += expect("0", "%x", 0u);
	fails += expect("0xf0100000", "%p", (void *) 0xf0100000);
	fails += expect("0x0", "%p", (void *) 0);
	fails += expect("hello", "%s", "hello");
	fails += expect("(null)", "%s", (char *) NULL);
	fails += expect("A", "%c", 'A');
	fails += expect("100%", "%d%%", 100);

	fails += expect("out of memory", "%e", -E_NO_MEM);
	fails += expect("invalid parameter", "%e", E_INVAL);
	fails += expect("error 99", "%e", -99);

	fails += expect("-5", "%ld", -5L);
	fails += expect("4000000000", "%lu", 4000000000ul);
	fails += expect("-1234567890123", "%lld", -1234567890123LL);
	fails += expect("18446744073709551615", "%llu", 18446744073709551615ull);
	fails += expect("123456789abcdef", "%llx", 0x123456789abcdefull);
	fails += expect("1777777777777777777777", "%llo", ~0ull);

	fails += expect("   42", "%5d", 42);
	fails += expect("42   |", "%-5d|", 42);
	fails += expect("-0042", "%05d", -42);
	fails += expect("0000beef", "%08x", 0xbeefu);
	fails += expect("42   |", "%-05d|", 42);
	fails += expect("00042", "%.5d", 42);
	fails += expect("   7", "%*d", 4, 7);
	fails += expect("7   |", "%-*d|", 4, 7);
	fails += expect("  x", "%3c", 'x');
	fails += expect("abc", "%.3s", "abcdef");
	fails += expect("xy", "%.*s", 2, "xyz");
	fails += expect("     abc|", "%8.3s|", "abcdef");
	fails += expect("ab   |", "%-5s|", "ab");
	fails += expect("0xf0100000", "%p", (void *) 0xf0100000);

	fails += expect_truncation();

	if (fails == 0)
		cprintf("printf: ok\n");
}
