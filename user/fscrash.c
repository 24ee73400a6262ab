/*
 * fscrash: the crash tests' workload (grade/fscrash.py cuts the power at
 * one of its disk writes, then checks the disk with tools/fsck.py).
 * Seven stages, each ending with sync and the line "fscrash: synced K";
 * tools/fsck.py knows what each stage leaves, and checks that what was
 * synced is there whatever the cut.  Every file holds the pattern of its
 * seed: byte i is (seed * 37 + i * 7 + i / 4096) % 251.
 *   1  create /a: 20000 bytes of seed 1
 *   2  create /b: 60000 bytes of seed 2 (past the direct blocks)
 *   3  shrink /b to 15001 bytes; grow /a to 30000
 *   4  remove /a; create /c: 50000 bytes of seed 4
 *   5  fill the disk with /fill (seed 5), until it is full
 *   6  remove /fill; /b: truncate, then 45000 bytes of seed 6
 *   7  create /d, a directory, and /d/e: 12000 bytes of seed 7
 * Then "fscrash: done".
 */
#include <inc/lib.h>
#include <user/lib/fsutil.h>

static unsigned char buf[PGSIZE];

static void
pattern(int seed, uint32_t from, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		buf[i] = (seed * 37 + (from + i) * 7 + (from + i) / 4096) % 251;
}

/* Write bytes [from, to) of seed's pattern at from, a page at a time;
 * stop quietly at a full disk.  Returns the end reached. */
static uint32_t
put(int fd, int seed, uint32_t from, uint32_t to)
{
	int r;

	if ((r = seek(fd, from)) < 0)
		panic("seek: %e", r);
	while (from < to) {
		uint32_t n = MIN(to - from, (uint32_t) PGSIZE);

		pattern(seed, from, n);
		if ((r = write(fd, buf, n)) < 0) {
			if (r == -E_NO_DISK)
				return from;
			panic("write: %e", r);
		}
		from += r;
		if ((uint32_t) r < n)
			return from;
	}
	return from;
}

static void
make_file(const char *path, int seed, uint32_t size)
{
	int fd = xopen(path, O_WRONLY | O_CREAT | O_TRUNC);

	put(fd, seed, 0, size);
	close(fd);
}

static void
synced(int stage)
{
	int r;

	if ((r = sync()) < 0)
		panic("sync: %e", r);
	cprintf("fscrash: synced %d\n", stage);
}

void
umain(int argc, char **argv)
{
	int fd, r;

	make_file("/a", 1, 20000);
	synced(1);

	make_file("/b", 2, 60000);
	synced(2);

	fd = xopen("/b", O_RDWR);
	if ((r = ftruncate(fd, 15001)) < 0)
		panic("ftruncate: %e", r);
	close(fd);
	fd = xopen("/a", O_RDWR);
	put(fd, 1, 20000, 30000);
	close(fd);
	synced(3);

	if ((r = remove("/a")) < 0)
		panic("remove /a: %e", r);
	make_file("/c", 4, 50000);
	synced(4);

	fd = xopen("/fill", O_WRONLY | O_CREAT | O_TRUNC);
	cprintf("fscrash: /fill holds %u bytes\n",
		put(fd, 5, 0, MAXFILESIZE));
	close(fd);
	synced(5);

	if ((r = remove("/fill")) < 0)
		panic("remove /fill: %e", r);
	make_file("/b", 6, 45000);
	synced(6);

	fd = xopen("/d", O_RDONLY | O_MKDIR | O_CREAT);
	close(fd);
	make_file("/d/e", 7, 12000);
	synced(7);
	cprintf("fscrash: done\n");
}
