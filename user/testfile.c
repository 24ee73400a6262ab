/*
 * testfile: the file server, first spoken to directly (requests built by
 * hand in fsipcbuf, the file ops of devfile called on an Fd we map
 * ourselves at FVA), then through open/read/write.  Prints, in order:
 * "serve_open is good", "file_stat is good", "file_read is good",
 * "file_close is good", "stale fileid is good", "file_write is good",
 * "file_read after file_write is good", "open is good" and "large file
 * is good"; a panic line names the first check that failed.  What
 * /newmotd holds is learnt from the disk (via stat and read), never
 * assumed.
 */
#include <inc/lib.h>

#define FVA		((struct Fd *) 0xCCCCC000)
#define FDTABLE		0xD0000000
#define BIG_BLOCKS	30	/* /big: past the direct blocks */
#define BIG_STEP	512

static char buf[PGSIZE];
static char again[PGSIZE];
static char big[BIG_STEP];

/* Send an OPEN request for path and mode by hand; the Fd page lands at
 * FVA.  Returns the server's answer. */
static int
xopen(const char *path, int mode)
{
	envid_t server = ipc_find_env(ENV_TYPE_FS);

	strcpy(fsipcbuf.open.req_path, path);
	fsipcbuf.open.req_omode = mode;
	ipc_send(server, FSREQ_OPEN, &fsipcbuf, PTE_P | PTE_W | PTE_U);
	return ipc_recv(NULL, FVA, NULL);
}

/* Is fd (a page) a file the server just opened with mode? */
static void
check_fresh_fd(struct Fd *fd, int mode, const char *what)
{
	if (fd->fd_dev_id != 'f' || fd->fd_offset != 0 ||
	    fd->fd_omode != mode)
		panic("%s: Fd is dev %d offset %d mode %d, want 'f' 0 %d", what,
		      fd->fd_dev_id, fd->fd_offset, fd->fd_omode, mode);
}

/* The by-hand half; returns /newmotd's size and leaves its contents in
 * buf. */
static ssize_t
test_server(void)
{
	const char *msg = "a line the test wrote\n";
	struct Stat st;
	struct Fd fdcopy;
	ssize_t size, n;
	int r;

	if ((r = xopen("/not-found", O_RDONLY)) != -E_NOT_FOUND)
		panic("serve_open /not-found: got %e, want %e", r, -E_NOT_FOUND);
	if ((r = xopen("/newmotd", O_RDONLY)) < 0)
		panic("serve_open /newmotd: %e", r);
	check_fresh_fd(FVA, O_RDONLY, "serve_open");
	cprintf("serve_open is good\n");

	if ((r = devfile.dev_stat(FVA, &st)) < 0)
		panic("file_stat: %e", r);
	if (strcmp(st.st_name, "newmotd") != 0 || st.st_isdir ||
	    st.st_size <= 0 || st.st_size > PGSIZE)
		panic("file_stat: name '%s' size %d isdir %d", st.st_name,
		      st.st_size, st.st_isdir);
	size = st.st_size;
	cprintf("file_stat is good\n");

	memset(buf, 0, sizeof buf);
	if ((n = devfile.dev_read(FVA, buf, sizeof buf)) != size)
		panic("file_read: got %d bytes, want %d", n, size);
	if (FVA->fd_offset != size)
		panic("file_read: offset %d after reading, want %d",
		      FVA->fd_offset, size);
	if (devfile.dev_read(FVA, big, sizeof big) != 0)
		panic("file_read: no end of file after %d bytes", size);
	cprintf("file_read is good\n");

	if ((r = devfile.dev_close(FVA)) < 0)
		panic("file_close: %e", r);
	cprintf("file_close is good\n");

	/* Once no one maps the Fd page, its id must be refused. */
	fdcopy = *FVA;
	sys_page_unmap(0, FVA);
	if ((r = devfile.dev_read(&fdcopy, big, sizeof big)) != -E_INVAL)
		panic("serve_read with a stale id: got %e, want %e", r, -E_INVAL);
	cprintf("stale fileid is good\n");

	if ((r = xopen("/new-file", O_RDWR | O_CREAT)) < 0)
		panic("serve_open /new-file: %e", r);
	check_fresh_fd(FVA, O_RDWR, "serve_open /new-file");
	if ((n = devfile.dev_write(FVA, msg, strlen(msg))) != (ssize_t) strlen(msg))
		panic("file_write: %e", n);
	cprintf("file_write is good\n");

	FVA->fd_offset = 0;
	memset(big, 0, sizeof big);
	if ((n = devfile.dev_read(FVA, big, sizeof big)) != (ssize_t) strlen(msg))
		panic("file_read after file_write: got %d bytes", n);
	if (strcmp(big, msg) != 0)
		panic("file_read after file_write: read back '%s'", big);
	cprintf("file_read after file_write is good\n");
	devfile.dev_close(FVA);
	sys_page_unmap(0, FVA);
	return size;
}

/* The same file through the fd layer. */
static void
test_open(ssize_t size)
{
	int fd, r;

	if ((r = open("/not-found", O_RDONLY)) != -E_NOT_FOUND)
		panic("open /not-found: got %e, want %e", r, -E_NOT_FOUND);
	if ((fd = open("/newmotd", O_RDONLY)) < 0)
		panic("open /newmotd: %e", fd);
	check_fresh_fd((struct Fd *) (FDTABLE + fd * PGSIZE), O_RDONLY, "open");
	if ((r = readn(fd, again, sizeof again)) != size ||
	    memcmp(again, buf, size) != 0)
		panic("open: read %d bytes that differ from the server's", r);
	close(fd);
	cprintf("open is good\n");
}

/* A file of BIG_BLOCKS blocks, written and read back in BIG_STEP steps,
 * each step stamped with its offset. */
static void
test_large_file(void)
{
	int fd, r;

	if ((fd = open("/big", O_WRONLY | O_CREAT)) < 0)
		panic("creat /big: %e", fd);
	memset(big, 0, sizeof big);
	for (int i = 0; i < BIG_BLOCKS * PGSIZE; i += sizeof big) {
		*(int *) big = i;
		if ((r = write(fd, big, sizeof big)) != sizeof big)
			panic("write /big@%d: %e", i, r);
	}
	close(fd);

	if ((fd = open("/big", O_RDONLY)) < 0)
		panic("open /big: %e", fd);
	for (int i = 0; i < BIG_BLOCKS * PGSIZE; i += sizeof big) {
		if ((r = readn(fd, big, sizeof big)) != sizeof big)
			panic("read /big@%d: got %d bytes", i, r);
		if (*(int *) big != i)
			panic("read /big@%d: holds %d", i, *(int *) big);
	}
	if ((r = read(fd, big, sizeof big)) != 0)
		panic("read /big: no end of file after %d bytes",
		      BIG_BLOCKS * PGSIZE);
	close(fd);
	cprintf("large file is good\n");
}

void
umain(int argc, char **argv)
{
	test_open(test_server());
	test_large_file();
}
