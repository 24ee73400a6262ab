/* num [file...]: copy the files (or fd 0) to fd 1, each line prefixed
 * with its number, right-aligned in five columns, and a space.  Lines are
 * numbered on across files. */
#include <inc/lib.h>

static int line;		/* lines started so far */
static bool at_line_start = true;

/* Number fd's lines onto fd 1. */
static void
number(int fd, const char *what)
{
	char c;
	ssize_t n;
	int r;

	while ((n = read(fd, &c, 1)) > 0) {
		if (at_line_start) {
			printf("%5d ", ++line);
			at_line_start = false;
		}
		if ((r = write(1, &c, 1)) != 1)
			panic("write error copying %s: %e", what,
			      r < 0 ? r : -E_UNSPECIFIED);
		if (c == '\n')
			at_line_start = true;
	}
	if (n < 0)
		panic("error reading %s: %e", what, n);
}

void
umain(int argc, char **argv)
{
	int fd, i;

	binaryname = "num";
	if (argc <= 1) {
		number(0, "<stdin>");
		return;
	}
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0)
			panic("can't open %s: %e", argv[i], fd);
		number(fd, argv[i]);
		close(fd);
	}
}
