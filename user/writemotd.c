/*
 * writemotd: replace /motd's contents with /newmotd's.  Prints "file
 * descriptors R W", the old /motd between "OLD MOTD" and "===" lines,
 * then truncates /motd, copies /newmotd into it, and prints what /motd
 * then holds between "NEW MOTD" and "===" lines.
 */
#include <inc/lib.h>

static char buf[512];

/* Print what remains of fd between a title and "===" lines. */
static void
show(int fd, const char *title)
{
	ssize_t n;

	cprintf("%s\n===\n", title);
	while ((n = read(fd, buf, sizeof buf - 1)) > 0) {
		buf[n] = '\0';
		cprintf("%s", buf);
	}
	if (n < 0)
		panic("read: %e", n);
	cprintf("===\n");
}

void
umain(int argc, char **argv)
{
	int from, to;
	ssize_t n, w;

	if ((from = open("/newmotd", O_RDONLY)) < 0)
		panic("open /newmotd: %e", from);
	if ((to = open("/motd", O_RDWR)) < 0)
		panic("open /motd: %e", to);
	cprintf("file descriptors %d %d\n", from, to);

	show(to, "OLD MOTD");
	if ((n = ftruncate(to, 0)) < 0)
		panic("ftruncate: %e", n);
	seek(to, 0);

	while ((n = read(from, buf, sizeof buf)) > 0)
		if ((w = write(to, buf, n)) != n)
			panic("write /motd: %e", w);
	if (n < 0)
		panic("read /newmotd: %e", n);

	/* What /motd holds now, read back from the server. */
	seek(to, 0);
	show(to, "NEW MOTD");

	close(from);
	close(to);
}
