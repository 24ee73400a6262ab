/*
 * fsconcurrent: many clients of the file server at once (run it on
 * several CPUs).  Each of NKIDS forked children writes its own file,
 * reads it back, reads /newmotd (which all read at the same time),
 * removes its file and exits.  Prints "fsconcurrent: client N ok" for
 * each and "fsconcurrent: all NKIDS clients ok".
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

void
umain(int argc, char **argv)
{
	envid_t kids[NKIDS];
	char path[32];

	slurp("/newmotd", motd);
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
