/*
 * fspersist: run twice on the same disk, with a reboot in between.  The
 * first run finds no /persist, writes it (more blocks than the direct
 * ones, each stamped), syncs, and prints "fspersist: wrote /persist".
 * The second finds it, checks every byte, removes it, and prints
 * "fspersist: /persist survived the reboot".
 */
#include <inc/lib.h>

#define BLOCKS	13

static char buf[PGSIZE];

static void
stamp(int b)
{
	for (int i = 0; i < PGSIZE; i += sizeof(int))
		*(int *) (buf + i) = b * PGSIZE + i;
}

static void
write_it(void)
{
	int fd = open("/persist", O_WRONLY | O_CREAT | O_EXCL), r;

	if (fd < 0)
		panic("create /persist: %e", fd);
	for (int b = 0; b < BLOCKS; b++) {
		stamp(b);
		if ((r = write(fd, buf, sizeof buf)) != sizeof buf)
			panic("write /persist: %e", r);
	}
	close(fd);
	if ((r = sync()) < 0)
		panic("sync: %e", r);
	cprintf("fspersist: wrote /persist\n");
}

static void
check_it(int fd)
{
	static char want[PGSIZE];
	int r;

	for (int b = 0; b < BLOCKS; b++) {
		stamp(b);
		memmove(want, buf, sizeof buf);
		if ((r = readn(fd, buf, sizeof buf)) != sizeof buf ||
		    memcmp(buf, want, sizeof buf) != 0)
			panic("/persist: block %d differs after the reboot", b);
	}
	if (read(fd, buf, 1) != 0)
		panic("/persist: longer than written");
	close(fd);
	if ((r = remove("/persist")) < 0)
		panic("remove /persist: %e", r);
	cprintf("fspersist: /persist survived the reboot\n");
}

void
umain(int argc, char **argv)
{
	int fd = open("/persist", O_RDONLY);

	if (fd == -E_NOT_FOUND)
		write_it();
	else if (fd < 0)
		panic("open /persist: %e", fd);
	else
		check_it(fd);
}
