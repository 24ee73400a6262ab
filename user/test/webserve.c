/*
 * webserve: httpd on port 80 with files to fetch, and the tests' control
 * connection on port 7 (user/test/lib/netctl.h).  The files are made
 * here, so that the disk need not carry a megabyte for one test:
 * /web/1b, /web/4k and /web/1m, of 1, 4096 and 1048576 bytes, byte i
 * being the i-th byte of the xorshift32 stream from seed 1 (the grader
 * makes the same).  The 4 MB disk, mostly programs, has no megabyte to
 * spare: the programs this run never starts are removed first (the
 * grader's runs use -snapshot, so the disk is whole again next time).
 */
#include "lib/netctl.h"

/* Remove every regular file of / but httpd and index.html. */
static void
make_room(void)
{
	struct File f;
	int fd = open("/", O_RDONLY);

	if (fd < 0)
		panic("webserve: open /: %e", fd);
	while (readn(fd, &f, sizeof f) == sizeof f) {
		if (f.f_name[0] == '\0' || f.f_type == FTYPE_DIR ||
		    strcmp(f.f_name, "httpd") == 0 ||
		    strcmp(f.f_name, "index.html") == 0)
			continue;
		remove(f.f_name);
	}
	close(fd);
}

static void
make_file(const char *path, int size)
{
	static uint8_t buf[8192];
	uint32_t x = 1;
	int fd, done;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC)) < 0)
		panic("webserve: open %s: %e", path, fd);
	for (done = 0; done < size; ) {
		int n = MIN(size - done, (int) sizeof buf), r;

		for (int i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = x;
		}
		for (int at = 0; at < n; at += r)
			if ((r = write(fd, buf + at, n - at)) <= 0)
				panic("webserve: write %s: %e", path, r);
		done += n;
	}
	close(fd);
}

void
umain(int argc, char **argv)
{
	int r;

	make_room();
	if ((r = open("/web", O_MKDIR | O_CREAT)) < 0)
		panic("webserve: mkdir /web: %e", r);
	close(r);
	make_file("/web/1b", 1);
	make_file("/web/4k", 4096);
	make_file("/web/1m", 1 << 20);
	netctl("httpd", 7);
}
