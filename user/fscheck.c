/*
 * fscheck: the second boot of a crash test (grade/fscrash.py).  Reads
 * every file of / and /d through the file server, whatever the power cut
 * left, then writes (as much as fits, up to 12 blocks), reads back and
 * removes a file of its own (which takes blocks the start-up repair may
 * have freed) and syncs.  Prints
 * "fscheck: read N files" and "fscheck: done"; anything else is a panic
 * line.
 */
#include <inc/lib.h>

static unsigned char buf[PGSIZE], back[PGSIZE];

/* Read every file of directory path; returns how many. */
static int
read_dir(const char *path)
{
	struct File f;
	int dir = open(path, O_RDONLY), n = 0, r;

	if (dir < 0)
		return 0;
	while ((r = readn(dir, &f, sizeof f)) == sizeof f) {
		char name[MAXPATHLEN];
		int fd;

		if (f.f_name[0] == '\0' || f.f_type == FTYPE_DIR)
			continue;
		snprintf(name, sizeof name, "%s/%s", path, f.f_name);
		if ((fd = open(name, O_RDONLY)) < 0)
			panic("open %s: %e", name, fd);
		while ((r = read(fd, buf, sizeof buf)) > 0)
			;
		if (r < 0)
			panic("read %s: %e", name, r);
		close(fd);
		n++;
	}
	close(dir);
	return n;
}

void
umain(int argc, char **argv)
{
	int n = read_dir("") + read_dir("/d"), fd, r;

	cprintf("fscheck: read %d files\n", n);
	if ((fd = open("/after", O_RDWR | O_CREAT | O_TRUNC)) < 0)
		panic("create /after: %e", fd);
	/* The cut may have left the disk full: as much as fits. */
	for (n = 0; n < 12; n++) {
		memset(buf, n, sizeof buf);
		if ((r = write(fd, buf, sizeof buf)) == -E_NO_DISK)
			break;
		if (r != sizeof buf)
			panic("write /after: %e", r);
	}
	seek(fd, 0);
	for (int i = 0; i < n; i++) {
		memset(buf, i, sizeof buf);
		if ((r = readn(fd, back, sizeof back)) != sizeof back ||
		    memcmp(buf, back, sizeof buf) != 0)
			panic("/after reads back wrong");
	}
	close(fd);
	if ((r = remove("/after")) < 0)
		panic("remove /after: %e", r);
	if ((r = sync()) < 0)
		panic("sync: %e", r);
	cprintf("fscheck: done\n");
}
