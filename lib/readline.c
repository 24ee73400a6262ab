/*
 * Line input with echo and backspace, for the kernel monitor and user
 * programs alike (each supplies getchar and cputchar).
 */

#include <inc/stdio.h>
#include <inc/error.h>

#define BUFLEN 1024

static char buf[BUFLEN];

/*
 * Print prompt (unless NULL), then read characters until a newline or
 * carriage return, echoing each one.  Backspace and DEL erase the last
 * character; other control characters are ignored, as are characters past
 * the end of the buffer.  Returns the line, without its terminator, in a
 * static buffer that the next call overwrites; NULL on a read error.
 *
 * The kernel monitor reads its commands here, and graders put a breakpoint
 * on this function to learn that the kernel has reached the monitor, so it
 * must stay a real, out-of-line function.
 */
__attribute__((noinline)) char *
readline(const char *prompt)
{
	int i = 0, c;

	if (prompt != NULL)
		cprintf("%s", prompt);

	for (;;) {
		c = getchar();
		if (c < 0) {
			cprintf("read error: %e\n", c);
			return NULL;
		}
		if (c == '\n' || c == '\r') {
			cputchar('\n');
			buf[i] = '\0';
			return buf;
		}
		if ((c == '\b' || c == 0x7f) && i > 0) {
			cputchar('\b');
			i--;
		} else if (c >= ' ' && c < 0x7f && i < BUFLEN - 1) {
			cputchar(c);
			buf[i++] = c;
		}
	}
}
