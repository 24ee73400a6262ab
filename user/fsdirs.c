/*
 * fsdirs: directories, remove, open's modes and the fd layer.  Prints
 * "fsdirs: CHECK ok" for each of: mkdir, create and exclusive create,
 * truncate, dup and seek, bad modes, paths, remove, removed while open,
 * raw directory reads, fd exhaustion; then "fsdirs: done".
 */
#include <inc/lib.h>
#include <user/lib/fsutil.h>

static char buf[PGSIZE];

static void
expect(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d (%e)", what, got, got, want,
		      want);
}

static void
ok(const char *check)
{
	cprintf("fsdirs: %s ok\n", check);
}

static void
check_stat(int fd, const char *name, int size, int isdir)
{
	struct Stat st;
	int r;

	if ((r = fstat(fd, &st)) < 0)
		panic("fstat %s: %e", name, r);
	if (strcmp(st.st_name, name) != 0 || st.st_size != size ||
	    st.st_isdir != isdir || st.st_dev != &devfile)
		panic("fstat: name '%s' size %d isdir %d, want '%s' %d %d",
		      st.st_name, st.st_size, st.st_isdir, name, size, isdir);
}

static void
dirs_and_modes(void)
{
	int d, f, g;

	d = xopen("/d", O_RDONLY | O_CREAT | O_MKDIR);
	check_stat(d, "d", 0, 1);
	close(d);
	ok("mkdir");

	f = xopen("/d/f", O_RDWR | O_CREAT);
	expect("write /d/f", write(f, "hello", 5), 5);
	check_stat(f, "f", 5, 0);
	expect("exclusive create", open("/d/f", O_RDWR | O_CREAT | O_EXCL),
	       -E_FILE_EXISTS);
	close(f);
	ok("create and exclusive create");

	f = xopen("d//f", O_RDWR | O_TRUNC);
	check_stat(f, "f", 0, 0);
	ok("truncate");

	expect("write /d/f", write(f, "abcdef", 6), 6);
	expect("dup", dup(f, 20), 20);
	expect("seek", seek(f, 2), 0);
	expect("read through the dup", read(20, buf, 2), 2);
	if (memcmp(buf, "cd", 2) != 0)
		panic("dup does not share the offset: read '%.2s'", buf);
	close(f);
	expect("read the dup after closing the original", read(20, buf, 2), 2);
	close(20);
	expect("read a closed fd", read(20, buf, 2), -E_INVAL);
	ok("dup and seek");

	g = xopen("/d/f", O_WRONLY);
	expect("read a write-only fd", read(g, buf, 1), -E_INVAL);
	close(g);
	g = xopen("/d/f", O_RDONLY);
	expect("write a read-only fd", write(g, "x", 1), -E_INVAL);
	expect("ftruncate a read-only fd", ftruncate(g, 0), -E_INVAL);
	close(g);
	ok("bad modes");
}

static void
paths(void)
{
	memset(buf, 'x', MAXPATHLEN);
	buf[MAXPATHLEN] = '\0';
	expect("path of MAXPATHLEN", open(buf, O_RDONLY), -E_BAD_PATH);
	buf[MAXNAMELEN] = '\0';
	expect("name of MAXNAMELEN", open(buf, O_RDONLY | O_CREAT), -E_BAD_PATH);
	expect("through a file", open("/d/f/g", O_RDONLY), -E_NOT_FOUND);
	close(xopen("newmotd", O_RDONLY));
	close(xopen("///newmotd", O_RDONLY));
	ok("paths");
}

static void
removal(void)
{
	int f, r;

	expect("remove a full directory", remove("/d"), -E_INVAL);
	expect("remove /d/f", remove("/d/f"), 0);
	expect("open removed /d/f", open("/d/f", O_RDONLY), -E_NOT_FOUND);
	expect("remove /d", remove("/d"), 0);
	expect("stat removed /d", stat("/d", (struct Stat *) buf), -E_NOT_FOUND);
	expect("remove /", remove("/"), -E_INVAL);
	expect("remove a missing file", remove("/d"), -E_NOT_FOUND);
	ok("remove");

	f = xopen("/gone", O_RDWR | O_CREAT);
	expect("write /gone", write(f, "bye", 3), 3);
	expect("remove /gone", remove("/gone"), 0);
	if ((r = read(f, buf, 3)) != -E_NOT_FOUND)
		panic("read of a removed open file: got %e", r);
	close(f);
	ok("removed while open");
}

/* The root read as raw struct File records lists newmotd. */
static void
raw_directory(void)
{
	int fd = xopen("/", O_RDONLY);
	bool found = false;
	struct File ent;

	while (readn(fd, &ent, sizeof ent) == sizeof ent)
		if (strcmp(ent.f_name, "newmotd") == 0 &&
		    ent.f_type == FTYPE_REG && ent.f_size > 0)
			found = true;
	close(fd);
	if (!found)
		panic("no newmotd record in the root directory");
	ok("raw directory reads");
}

/* Fds are allocated lowest first, up to 32. */
static void
exhaustion(void)
{
	int n, r;

	for (n = 0; n < 32; n++)
		expect("open", open("/newmotd", O_RDONLY), n);
	expect("open a 33rd fd", open("/newmotd", O_RDONLY), -E_MAX_OPEN);
	close(5);
	expect("reopen after close(5)", open("/newmotd", O_RDONLY), 5);
	close_all();
	if ((r = open("/newmotd", O_RDONLY)) != 0)
		panic("after close_all: open gave fd %d, want 0", r);
	close(r);
	ok("fd exhaustion");
}

void
umain(int argc, char **argv)
{
	dirs_and_modes();
	paths();
	removal();
	raw_directory();
	exhaustion();
	cprintf("fsdirs: done\n");
}
