/* echo [-n] [word...]: print the words, separated by single spaces and
 * followed by a newline (none with -n), on fd 1.  The line goes out in
 * one write when it fits in the buffer, so that it reaches a pipe or the
 * console whole. */
#include <inc/lib.h>

static char line[1024];
static size_t len;

/* Add n bytes of s to the line, writing out a full buffer first. */
static void
put(const char *s, size_t n)
{
	size_t m;

	while (n > 0) {
		if (len == sizeof(line)) {
			write(1, line, len);
			len = 0;
		}
		m = MIN(n, sizeof(line) - len);
		memcpy(line + len, s, m);
		len += m;
		s += m;
		n -= m;
	}
}

void
umain(int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = false;
		i++;
	}
	for (; i < argc; i++) {
		put(argv[i], strlen(argv[i]));
		if (i + 1 < argc)
			put(" ", 1);
	}
	if (newline)
		put("\n", 1);
	if (len > 0)
		write(1, line, len);
}
