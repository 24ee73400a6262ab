/*
 * fsfull: fill the disk.  Writes /fill a block at a time, each block
 * stamped with its number, until the server says -E_NO_DISK; then checks
 * that nothing was corrupted (/newmotd unchanged, every block of /fill
 * reads back), removes /fill, and shows the space is back by writing as
 * many blocks again.  Prints "fsfull: disk full after N blocks: no free
 * space on disk", "fsfull: nothing corrupted" and "fsfull: space is back
 * after remove".
 */
#include <inc/lib.h>

static unsigned char block[PGSIZE];
static char motd[PGSIZE], motd_after[PGSIZE];

/* The whole of /newmotd into buf; returns its size. */
static int
read_motd(char *buf)
{
	int fd = open("/newmotd", O_RDONLY), n;

	if (fd < 0)
		panic("open /newmotd: %e", fd);
	if ((n = readn(fd, buf, PGSIZE)) < 0)
		panic("read /newmotd: %e", n);
	close(fd);
	return n;
}

/* Write stamped blocks to a new file at path until the disk is full or
 * max blocks are in.  Returns the count of whole blocks written; the
 * error that stopped it goes in *err (0 if max was reached). */
static int
fill(const char *path, int max, int *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL), n;

	if (fd < 0)
		panic("create %s: %e", path, fd);
	*err = 0;
	for (n = 0; n < max; n++) {
		ssize_t r;

		memset(block, n & 0xFF, sizeof block);
		*(int *) block = n;
		if ((r = write(fd, block, sizeof block)) != sizeof block) {
			/* A partial block leaves the disk full: the next
			 * byte must fail. */
			*err = r < 0 ? r : write(fd, block, 1);
			break;
		}
	}
	close(fd);
	return n;
}

/* Every whole block of path holds its stamp. */
static void
check_filled(const char *path, int blocks)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		panic("open %s: %e", path, fd);
	for (int n = 0; n < blocks; n++) {
		if (readn(fd, block, sizeof block) != sizeof block ||
		    *(int *) block != n || block[sizeof block - 1] != (n & 0xFF))
			panic("%s: block %d does not read back", path, n);
	}
	close(fd);
}

void
umain(int argc, char **argv)
{
	int motd_size = read_motd(motd);
	int blocks, again, err;
	struct Stat st;

	blocks = fill("/fill", MAXFILESIZE / PGSIZE, &err);
	if (err != -E_NO_DISK)
		panic("after %d blocks: got %e, want %e", blocks, err, -E_NO_DISK);
	cprintf("fsfull: disk full after %d blocks: %e\n", blocks, err);

	if (read_motd(motd_after) != motd_size ||
	    memcmp(motd, motd_after, motd_size) != 0)
		panic("/newmotd changed while the disk filled");
	check_filled("/fill", blocks);
	if (stat("/fill", &st) < 0 || st.st_size < blocks * PGSIZE)
		panic("/fill: size %d, want at least %d", st.st_size,
		      blocks * PGSIZE);
	cprintf("fsfull: nothing corrupted\n");

	if ((err = remove("/fill")) < 0)
		panic("remove /fill: %e", err);
	if ((err = open("/fill", O_RDONLY)) != -E_NOT_FOUND)
		panic("open of removed /fill: got %e", err);
	again = fill("/fill2", blocks, &err);
	if (again != blocks || err != 0)
		panic("after remove: %d blocks, then %e; want %d", again, err,
		      blocks);
	check_filled("/fill2", blocks);
	remove("/fill2");
	cprintf("fsfull: space is back after remove\n");
}
