/*
 * fsedges: the edges of the file interface where data used to be lost.
 * Prints "fsedges: CHECK ok" for each of:
 *   dup onto itself      dup(fd, fd) keeps fd open (a pipe's reader still
 *                        sees its writer)
 *   failed write frees   a write refused for want of space leaves no
 *                        block in use once its file is gone
 *   refused opens        an O_TRUNC or O_CREAT open the server refuses
 *                        (its open-file table full) changes nothing
 * then "fsedges: done".  Anything else is a panic line.
 */
#include <inc/lib.h>
#include <user/lib/fsutil.h>

static unsigned char block[PGSIZE];

static void
expect(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d (%e)", what, got, got, want,
		      want);
}

static void
dup_onto_itself(void)
{
	int p[2];
	char c;

	expect("pipe", pipe(p), 0);
	expect("dup(p[1], p[1])", dup(p[1], p[1]), p[1]);
	expect("write after dup", write(p[1], "x", 1), 1);
	expect("read", read(p[0], &c, 1), 1);
	expect("pipe still open", pipeisclosed(p[0]), 0);
	close(p[0]);
	close(p[1]);
	cprintf("fsedges: dup onto itself ok\n");
}

/* Fill the disk with whole blocks in a new file at path; returns how many
 * fit (at most max). */
static int
fill(const char *path, int max)
{
	int fd = xopen(path, O_WRONLY | O_CREAT | O_EXCL), n;

	memset(block, 0x5A, sizeof block);
	for (n = 0; n < max; n++)
		if (write(fd, block, sizeof block) != sizeof block)
			break;
	close(fd);
	return n;
}

static void
failed_write_frees(void)
{
	int free_blocks, fd, again;

	/* The file is made first, so that its directory entry needs no
	 * block later. */
	close(xopen("/edge", O_WRONLY | O_CREAT | O_EXCL));
	free_blocks = fill("/fill", 1 << 20);
	expect("remove /fill", remove("/fill"), 0);

	/* Leave exactly one block free: a write at 40960 needs two (the
	 * data and the indirect block). */
	expect("fill all but one", fill("/fill", free_blocks - 1),
	       free_blocks - 1);
	fd = xopen("/edge", O_WRONLY);
	expect("seek", seek(fd, 40960), 0);
	expect("write past the direct blocks", write(fd, "y", 1), -E_NO_DISK);
	close(fd);
	expect("remove /edge", remove("/edge"), 0);
	expect("remove /fill", remove("/fill"), 0);

	again = fill("/fill", 1 << 20);
	expect("remove /fill", remove("/fill"), 0);
	if (again != free_blocks)
		panic("%d blocks free at first, %d after the failed write",
		      free_blocks, again);
	cprintf("fsedges: failed write frees ok\n");
}

/* Where the opens that fill the server's table are kept: each open's Fd
 * page is mapped here, then its fd freed, so one env can hold them all. */
#define HELD	((char *) 0x40000000)

/* Open path read-only until the server refuses; returns the count held. */
static int
hold_every_open(const char *path)
{
	int n, fd, r;

	for (n = 0;; n++) {
		if ((fd = open(path, O_RDONLY)) < 0) {
			expect("open with the table full", fd, -E_MAX_OPEN);
			return n;
		}
		r = sys_page_map(0, (void *) (0xD0000000 + fd * PGSIZE), 0,
				 HELD + n * PGSIZE, PTE_P | PTE_U | PTE_SHARE);
		expect("keep an open", r, 0);
		expect("free its fd", sys_page_unmap(0,
			(void *) (0xD0000000 + fd * PGSIZE)), 0);
	}
}

static void
release_opens(int n)
{
	for (int i = 0; i < n; i++)
		sys_page_unmap(0, HELD + i * PGSIZE);
}

static void
refused_opens(void)
{
	struct Stat st;
	int fd, held;

	fd = xopen("/keep", O_WRONLY | O_CREAT | O_EXCL);
	expect("write /keep", write(fd, "keep me", 7), 7);
	close(fd);

	held = hold_every_open("/keep");
	expect("O_TRUNC with the table full",
	       open("/keep", O_RDWR | O_TRUNC), -E_MAX_OPEN);
	expect("O_CREAT with the table full",
	       open("/made", O_RDWR | O_CREAT), -E_MAX_OPEN);
	release_opens(held);

	expect("stat /keep", stat("/keep", &st), 0);
	expect("size of /keep after a refused O_TRUNC", st.st_size, 7);
	expect("stat /made", stat("/made", &st), -E_NOT_FOUND);
	expect("remove /keep", remove("/keep"), 0);
	cprintf("fsedges: refused opens ok\n");
}

void
umain(int argc, char **argv)
{
	dup_onto_itself();
	failed_write_frees();
	refused_opens();
	cprintf("fsedges: done\n");
}
