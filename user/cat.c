/* cat [file...]: copy each file, or fd 0 when there are none, to fd 1. */
#include <inc/lib.h>

/* Write all n bytes of buf to fd, however short each write is. */
static void
write_all(int fd, const char *buf, size_t n, const char *what)
{
	ssize_t r;

	while (n > 0) {
		if ((r = write(fd, buf, n)) <= 0)
			panic("write error copying %s: %e", what,
			      r < 0 ? r : -E_UNSPECIFIED);
		buf += r;
		n -= r;
	}
}

/* Copy fd to fd 1 until end of file. */
static void
copy(int fd, const char *what)
{
	static char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write_all(1, buf, n, what);
	if (n < 0)
		panic("error reading %s: %e", what, n);
}

void
umain(int argc, char **argv)
{
	int fd, i;

	binaryname = "cat";
	if (argc <= 1) {
		copy(0, "<stdin>");
		return;
	}
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			printf("can't open %s: %e\n", argv[i], fd);
			continue;
		}
		copy(fd, argv[i]);
		close(fd);
	}
}
