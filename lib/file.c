/*
 * Files: the client side of the file server's IPC protocol (inc/fs.h).
 * A request is written into the page fsipcbuf, which is lent to the
 * server for the call; READ and STAT answers come back in it.  An open
 * file is an fd whose page the server itself mapped for us (PTE_SHARE),
 * so the offset in it is the one the server reads and advances.
 */
#include <inc/lib.h>

/* In .bss.page, which user/user.ld puts before the program's BSS. */
union Fsipc fsipcbuf __attribute__((aligned(PGSIZE), section(".bss.page")));

static ssize_t devfile_read(struct Fd *fd, void *buf, size_t n);
static ssize_t devfile_write(struct Fd *fd, const void *buf, size_t n);
static int devfile_flush(struct Fd *fd);
static int devfile_stat(struct Fd *fd, struct Stat *stat);
static int devfile_trunc(struct Fd *fd, off_t size);

struct Dev devfile = {
	.dev_id = 'f',
	.dev_name = "file",
	.dev_read = devfile_read,
	.dev_write = devfile_write,
	.dev_close = devfile_flush,
	.dev_stat = devfile_stat,
	.dev_trunc = devfile_trunc,
};

/*
 * Send the request in fsipcbuf with code type to the file server and wait
 * for its answer; a page it sends (OPEN's Fd) lands at dstva, if not
 * NULL.  Returns the server's answer, or -E_BAD_ENV if there is no server.
 */
static int
fsipc(unsigned type, void *dstva)
{
	static envid_t server;
	volatile char *first = fsipcbuf._pad;
	int r;

	if (server == 0 && (server = ipc_find_env(ENV_TYPE_FS)) == 0)
		return -E_BAD_ENV;
	/* Write the page, so that a copy-on-write fsipcbuf (after fork)
	 * becomes our own writable page before it is lent writable. */
	*first = *first;
	r = jos_sys_ipc_send(server, type, &fsipcbuf, PTE_P | PTE_W | PTE_U);
	if (r < 0)
		return r;
	return ipc_recv(NULL, dstva, NULL);
}

/* Copy path into a request's path field.  Returns 0, or -E_BAD_PATH if
 * it does not fit with its NUL. */
static int
set_path(char req_path[MAXPATHLEN], const char *path)
{
	if (strlen(path) >= MAXPATHLEN)
		return -E_BAD_PATH;
	strcpy(req_path, path);
	return 0;
}

/*
 * Open the file at path with mode (O_RDONLY, O_WRONLY or O_RDWR, plus
 * O_CREAT, O_TRUNC, O_EXCL, O_MKDIR).  Returns the lowest free fd number,
 * or an error (and no fd is used).
 */
int
open(const char *path, int mode)
{
	struct Fd *fd;
	int r;

	if ((r = set_path(fsipcbuf.open.req_path, path)) < 0)
		return r;
	if ((r = fd_alloc(&fd)) < 0)
		return r;
	fsipcbuf.open.req_omode = mode;
	if ((r = fsipc(FSREQ_OPEN, fd)) < 0) {
		fd_close(fd, 0);
		return r;
	}
	return fd2num(fd);
}

/* Remove the file or empty directory at path.  Returns 0 or an error. */
int
remove(const char *path)
{
	int r;

	if ((r = set_path(fsipcbuf.remove.req_path, path)) < 0)
		return r;
	return fsipc(FSREQ_REMOVE, NULL);
}

/* Write every modified block of the file system to the disk. */
int
sync(void)
{
	return fsipc(FSREQ_SYNC, NULL);
}

/*
 * Read up to n bytes at fd's offset into buf; the server advances the
 * offset.  One request carries at most a page.  Returns the count, 0 at
 * end of file, or an error.
 */
static ssize_t
devfile_read(struct Fd *fd, void *buf, size_t n)
{
	int r;

	fsipcbuf.read.req_fileid = fd->fd_file.id;
	fsipcbuf.read.req_n = n;
	if ((r = fsipc(FSREQ_READ, NULL)) < 0)
		return r;
	assert((size_t) r <= n && r <= PGSIZE);
	memmove(buf, fsipcbuf.readRet.ret_buf, r);
	return r;
}

/*
 * Write the n bytes of buf at fd's offset, in as many requests as it
 * takes, extending the file as needed.  Returns n, the count written
 * before an error, or the error if nothing was written.
 */
static ssize_t
devfile_write(struct Fd *fd, const void *buf, size_t n)
{
	const size_t max = sizeof(fsipcbuf.write.req_buf);
	size_t done = 0;

	while (done < n) {
		size_t chunk = MIN(n - done, max);
		int r;

		fsipcbuf.write.req_fileid = fd->fd_file.id;
		fsipcbuf.write.req_n = chunk;
		memmove(fsipcbuf.write.req_buf, (const char *) buf + done, chunk);
		r = fsipc(FSREQ_WRITE, NULL);
		if (r <= 0)
			return done > 0 ? (ssize_t) done : (r < 0 ? r : -E_NO_DISK);
		assert((size_t) r <= chunk);
		done += r;
	}
	return done;
}

/* What close does for a file: write its dirty blocks to the disk.  The
 * open itself ends when the last mapping of the Fd page goes. */
static int
devfile_flush(struct Fd *fd)
{
	fsipcbuf.flush.req_fileid = fd->fd_file.id;
	return fsipc(FSREQ_FLUSH, NULL);
}

/* Fill in stat's name, size and directory flag from the server. */
static int
devfile_stat(struct Fd *fd, struct Stat *st)
{
	int r;

	fsipcbuf.stat.req_fileid = fd->fd_file.id;
	if ((r = fsipc(FSREQ_STAT, NULL)) < 0)
		return r;
	strlcpy(st->st_name, fsipcbuf.statRet.ret_name, sizeof(st->st_name));
	st->st_size = fsipcbuf.statRet.ret_size;
	st->st_isdir = fsipcbuf.statRet.ret_isdir;
	return 0;
}

/* Set the file's size, freeing or zero-extending.  Returns 0 or an
 * error. */
static int
devfile_trunc(struct Fd *fd, off_t size)
{
	fsipcbuf.set_size.req_fileid = fd->fd_file.id;
	fsipcbuf.set_size.req_size = size;
	return fsipc(FSREQ_SET_SIZE, NULL);
}
