/*
 * testfdsharing: a forked child shares its parent's open files, offsets
 * included.  Parent and child each read motd from the start; the child
 * then rewinds the shared offset, which the parent's next read sees.
 * Ends in the kernel monitor.
 */
#include <inc/x86.h>
#include <inc/lib.h>

static char first[512], again[512];

void
umain(int argc, char **argv)
{
	envid_t child;
	ssize_t n, m;
	int fd;

	if ((fd = open("motd", O_RDONLY)) < 0)
		panic("open motd: %e", fd);
	if ((n = readn(fd, first, sizeof(first))) <= 0)
		panic("readn: %e", n);

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		seek(fd, 0);
		cprintf("going to read in child (might page fault if your sharing is buggy)\n");
		if ((m = readn(fd, again, sizeof(again))) != n)
			panic("read in parent got %d, read in child got %d", n, m);
		if (memcmp(first, again, n) != 0)
			panic("read in child got other bytes than the parent");
		cprintf("read in child succeeded\n");
		/* The parent's next read starts here too. */
		seek(fd, 0);
		close(fd);
		exit();
	}
	wait(child);

	memset(again, 0, sizeof(again));
	if ((m = readn(fd, again, sizeof(again))) != n)
		panic("read in parent got %d, then got %d", n, m);
	if (memcmp(first, again, n) != 0)
		panic("second read in parent got other bytes");
	cprintf("read in parent succeeded\n");
	close(fd);

	breakpoint();
}
