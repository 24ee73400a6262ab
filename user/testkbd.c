/*
 * testkbd: console input by interrupt.  Opens the console as fds 0 and 1
 * and echoes every line typed (at the keyboard or the serial port).
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	char *line;
	int r;

	close(0);
	if ((r = opencons()) < 0)
		panic("opencons: %e", r);
	if (r != 0)
		panic("first opencons used fd %d", r);
	if ((r = dup(0, 1)) < 0)
		panic("dup: %e", r);

	for (;;) {
		if ((line = readline("Type a line: ")) != NULL)
			fprintf(1, "%s\n", line);
		else
			fprintf(1, "(end of file received)\n");
	}
}
