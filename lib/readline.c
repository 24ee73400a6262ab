/*
 * Line input with echo and backspace, for the kernel monitor and user
 * programs alike (each supplies getchar and cputchar).
 *
 * The two differ in where the prompt goes and when input is echoed.  The
 * kernel prints both on its console.  A user program prints the prompt
 * on its standard output (fd 1) and echoes only when its standard input
 * is the console: a shell reading a script echoes nothing.
 */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/error.h>
#ifdef JOS_USER
#include <inc/lib.h>
#endif

#define BUFLEN 1024

static char buf[BUFLEN];

/* Print the prompt and say whether to echo what is typed. */
static bool
readline_start(const char *prompt)
{
#ifdef JOS_USER
	if (prompt != NULL)
		fprintf(1, "%s", prompt);
	/* A closed fd 0 (an error) counts as the console, as classic
	 * programs expect. */
	return iscons(0) != 0;
#else
	if (prompt != NULL)
		cprintf("%s", prompt);
	return true;
#endif
}

/*
 * Print prompt (unless NULL), then read characters until a newline or
 * carriage return.  Backspace and DEL erase the last character; other
 * control characters are ignored, as are characters past the end of the
 * buffer.  Returns the line, without its terminator, in a static buffer
 * that the next call overwrites.  Returns NULL at end of input (a user
 * program's getchar returns -E_EOF) and on a read error, which it
 * reports.
 *
 * The kernel monitor reads its commands here, and graders put a breakpoint
 * on this function to learn that the kernel has reached the monitor, so it
 * must stay a real, out-of-line function.
 */
__attribute__((noinline)) char *
readline(const char *prompt)
{
	bool echo = readline_start(prompt);
	int i = 0, c;

	for (;;) {
		c = getchar();
		if (c == -E_EOF)
			return NULL;
		if (c < 0) {
			cprintf("read error: %e\n", c);
			return NULL;
		}
		if (c == '\n' || c == '\r') {
			if (echo)
				cputchar('\n');
			buf[i] = '\0';
			return buf;
		}
		if ((c == '\b' || c == 0x7f) && i > 0) {
			if (echo)
				cputchar('\b');
			i--;
		} else if (c >= ' ' && c < 0x7f && i < BUFLEN - 1) {
			if (echo)
				cputchar(c);
			buf[i++] = c;
		}
	}
}
