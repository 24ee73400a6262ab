/*
 * fsconcurrent: many clients of the file server at once (run it on
 * several CPUs).  Each of NKIDS forked children writes its own file,
 * reads it back, reads /newmotd (which all read at the same time),
 * removes its file and exits.  Prints "fsconcurrent: client N ok" for
 * each and "fsconcurrent: all NKIDS clients ok".
 *
 * The 4 MB disk is mostly programs, and the clients need NKIDS *
 * (BLOCKS + 1) blocks of it: if that much is not free, programs are
 * removed first, one at a time, until it is (run it on a scratch disk:
 * the grader's runs use -snapshot).
 */
#include <inc/lib.h>

#define NKIDS	6
#define BLOCKS	12	/* past the direct blocks */

static char buf[PGSIZE], motd[PGSIZE], motd_copy[PGSIZE];

/* Read all of path (at most a page) into b; returns its size. */
static int
slurp(const char *path, char *b)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		panic("open %s: %e", path, fd);
	n = readn(fd, b, PGSIZE);
	close(fd);
	return n;
}

static void
client(int k)
{
	char path[32];
	int fd, r, n;

	snprintf(path, sizeof path, "/conc-%d", k);
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL)) < 0)
		panic("client %d: create %s: %e", k, path, fd);
	for (int b = 0; b < BLOCKS; b++) {
		memset(buf, 'a' + k, sizeof buf);
		*(int *) buf = b;
		if ((r = write(fd, buf, sizeof buf)) != sizeof buf)
			panic("client %d: write block %d: %e", k, b, r);
	}
	seek(fd, 0);
	for (int b = 0; b < BLOCKS; b++) {
		if ((r = readn(fd, buf, sizeof buf)) != sizeof buf ||
		    *(int *) buf != b || buf[PGSIZE - 1] != 'a' + k)
			panic("client %d: block %d does not read back", k, b);
	}
	close(fd);
	n = slurp("/newmotd", motd_copy);
	if (n != slurp("/newmotd", buf) || memcmp(motd_copy, buf, n) != 0 ||
	    memcmp(motd_copy, motd, n) != 0)
		panic("client %d: /newmotd reads differently", k);
	if ((r = remove(path)) < 0)
		panic("client %d: remove %s: %e", k, path, r);
	cprintf("fsconcurrent: client %d ok\n", k);
}

/* Can a file of nblocks blocks be written?  Writes one and removes it. */
static bool
room_for(int nblocks)
{
	int fd = open("/conc-room", O_WRONLY | O_CREAT | O_TRUNC), r = 0;

	if (fd < 0)
		panic("create /conc-room: %e", fd);
	memset(buf, 0, sizeof buf);
	for (int b = 0; b < nblocks && r >= 0; b++)
		r = write(fd, buf, sizeof buf);
	close(fd);
	if ((fd = remove("/conc-room")) < 0)
		panic("remove /conc-room: %e", fd);
	return r == sizeof buf;
}

/* Remove the first program (a regular file of more than a block) in /;
 * panics if there is none. */
static void
remove_a_program(void)
{
	struct File f;
	char path[MAXNAMELEN + 1];
	int fd = open("/", O_RDONLY);

	if (fd < 0)
		panic("open /: %e", fd);
	while (readn(fd, &f, sizeof f) == sizeof f) {
		if (f.f_name[0] == '\0' || f.f_type == FTYPE_DIR ||
		    f.f_size <= BLKSIZE)
			continue;
		close(fd);
		snprintf(path, sizeof path, "/%s", f.f_name);
		if ((fd = remove(path)) < 0)
			panic("remove %s: %e", path, fd);
		return;
	}
	panic("no room on the disk for the clients");
}

void
umain(int argc, char **argv)
{
	envid_t kids[NKIDS];
	char path[32];

	slurp("/newmotd", motd);
	while (!room_for(NKIDS * (BLOCKS + 1)))
		remove_a_program();
	for (int k = 0; k < NKIDS; k++) {
		if ((kids[k] = fork()) < 0)
			panic("fork: %e", kids[k]);
		if (kids[k] == 0) {
			client(k);
			exit();
		}
	}
	for (int k = 0; k < NKIDS; k++)
		while (envs[ENVX(kids[k])].env_id == kids[k] &&
		       envs[ENVX(kids[k])].env_status != ENV_FREE)
			sys_yield();
	for (int k = 0; k < NKIDS; k++) {
		snprintf(path, sizeof path, "/conc-%d", k);
		if (open(path, O_RDONLY) != -E_NOT_FOUND)
			panic("%s is still there", path);
	}
	cprintf("fsconcurrent: all %d clients ok\n", NKIDS);
}
