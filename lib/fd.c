/*
 * File descriptors: a table of MAXFD pages at FDTABLE, one struct Fd per
 * page, device-independent read/write/close on top of the struct Dev each
 * Fd names.  Fd i is open exactly while its page is mapped; each fd also
 * owns the data page at FILEDATA + i * PGSIZE, which devices such as pipes
 * use and files do not.
 */
#include <inc/lib.h>

#define MAXFD		32
#define FDTABLE		0xD0000000
#define FILEDATA	(FDTABLE + MAXFD * PGSIZE)

#define INDEX2FD(i)	((struct Fd *) (FDTABLE + (i) * PGSIZE))
#define INDEX2DATA(i)	((char *) (FILEDATA + (i) * PGSIZE))

/* Every device an fd may name.  A new device is one more entry. */
static struct Dev *const devtab[] = {
	&devfile,
	&devsock,
	&devpipe,
	&devcons,
};

/* The number of fd, whose struct Fd must be in the table. */
int
fd2num(struct Fd *fd)
{
	return ((uintptr_t) fd - FDTABLE) / PGSIZE;
}

/* fd's data page (mapped or not). */
char *
fd2data(struct Fd *fd)
{
	return INDEX2DATA(fd2num(fd));
}

/*
 * Find the lowest-numbered free fd and store its struct Fd address in
 * *fd_store, without mapping it: the caller maps the page, which is what
 * opens the fd.  Returns 0, or -E_MAX_OPEN (and *fd_store = NULL) when
 * all MAXFD are open.
 */
int
fd_alloc(struct Fd **fd_store)
{
	for (int i = 0; i < MAXFD; i++) {
		if (!va_is_mapped(INDEX2FD(i))) {
			*fd_store = INDEX2FD(i);
			return 0;
		}
	}
	*fd_store = NULL;
	return -E_MAX_OPEN;
}

/* Store the struct Fd of open fd fdnum in *fd_store.  Returns 0, or
 * -E_INVAL if fdnum is out of range or not open. */
int
fd_lookup(int fdnum, struct Fd **fd_store)
{
	if (fdnum < 0 || fdnum >= MAXFD || !va_is_mapped(INDEX2FD(fdnum)))
		return -E_INVAL;
	*fd_store = INDEX2FD(fdnum);
	return 0;
}

/*
 * Close fd: call its device's close, then unmap its page (and its data
 * page).  If fd is not an open fd of the table, returns -E_INVAL when
 * must_exist is set and 0 otherwise, touching nothing.  Returns the
 * device's close result.
 */
int
fd_close(struct Fd *fd, bool must_exist)
{
	struct Fd *check;
	struct Dev *dev;
	int r;

	if (fd_lookup(fd2num(fd), &check) < 0 || check != fd)
		return must_exist ? -E_INVAL : 0;
	r = dev_lookup(fd->fd_dev_id, &dev);
	if (r >= 0)
		r = dev->dev_close ? dev->dev_close(fd) : 0;
	/* The Fd page goes first: a pipe's other end compares the two
	 * pages' reference counts, and the Fd page's must never be the
	 * higher one while we are half-closed. */
	sys_page_unmap(0, fd);
	sys_page_unmap(0, fd2data(fd));
	return r;
}

/* Store the device with dev_id in *dev_store.  Returns 0, or prints a
 * line and returns -E_INVAL for an unknown id. */
int
dev_lookup(int dev_id, struct Dev **dev_store)
{
	for (size_t i = 0; i < ARRAY_SIZE(devtab); i++) {
		if (devtab[i]->dev_id == dev_id) {
			*dev_store = devtab[i];
			return 0;
		}
	}
	cprintf("[%08x] unknown device type %d\n", thisenv->env_id, dev_id);
	*dev_store = NULL;
	return -E_INVAL;
}

/* The open fd fdnum and its device, in *fd and *dev.  Returns 0 or an
 * error. */
static int
lookup(int fdnum, struct Fd **fd, struct Dev **dev)
{
	int r = fd_lookup(fdnum, fd);

	return r < 0 ? r : dev_lookup((*fd)->fd_dev_id, dev);
}

/* lookup() for operation op, unless the fd was opened with access mode
 * forbidden_mode, which may not do op: that prints the "bad mode" line
 * and returns -E_INVAL. */
static int
lookup_unless_mode(int fdnum, int forbidden_mode, const char *op,
		   struct Fd **fd, struct Dev **dev)
{
	int r = lookup(fdnum, fd, dev);

	if (r < 0)
		return r;
	if (((*fd)->fd_omode & O_ACCMODE) == forbidden_mode) {
		cprintf("[%08x] %s %d -- bad mode\n", thisenv->env_id, op, fdnum);
		return -E_INVAL;
	}
	return 0;
}

/* Close fd fdnum.  Returns 0, the device's close error, or -E_INVAL. */
int
close(int fdnum)
{
	struct Fd *fd;
	int r = fd_lookup(fdnum, &fd);

	return r < 0 ? r : fd_close(fd, 1);
}

/* Close every open fd: exit() does this. */
void
close_all(void)
{
	for (int i = 0; i < MAXFD; i++)
		close(i);
}

/* Give page va, if mapped, also at dstva with the same permissions. */
static int
share_page(void *va, void *dstva)
{
	if (!va_is_mapped(va))
		return 0;
	return sys_page_map(0, va, 0, dstva, uvpt[PGNUM(va)] & PTE_SYSCALL);
}

/*
 * Make newfdnum a second name for open fd oldfdnum, closing newfdnum
 * first if it is open: both map the same pages, so they share the offset
 * and the device state.  dup(fd, fd) changes nothing.  Returns newfdnum
 * or an error (newfdnum is then closed).
 */
int
dup(int oldfdnum, int newfdnum)
{
	struct Fd *oldfd, *newfd;
	int r;

	if ((r = fd_lookup(oldfdnum, &oldfd)) < 0)
		return r;
	if (newfdnum < 0 || newfdnum >= MAXFD)
		return -E_INVAL;
	if (newfdnum == oldfdnum)
		return newfdnum;
	close(newfdnum);
	newfd = INDEX2FD(newfdnum);

	/* The data page before the Fd page, so that pageref(fd page) never
	 * exceeds pageref(data page): pipes rely on it (see fd_close). */
	if ((r = share_page(fd2data(oldfd), fd2data(newfd))) < 0 ||
	    (r = share_page(oldfd, newfd)) < 0) {
		sys_page_unmap(0, newfd);
		sys_page_unmap(0, fd2data(newfd));
		return r;
	}
	return newfdnum;
}

/* Read up to n bytes from fdnum into buf at its offset.  Returns the
 * count (0 at end of file) or an error. */
ssize_t
read(int fdnum, void *buf, size_t n)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = lookup_unless_mode(fdnum, O_WRONLY, "read", &fd, &dev)) < 0)
		return r;
	if (!dev->dev_read)
		return -E_NOT_SUPP;
	return dev->dev_read(fd, buf, n);
}

/* Read exactly n bytes unless end of file or an error comes first.
 * Returns the count read, or the error. */
ssize_t
readn(int fdnum, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t m = read(fdnum, (char *) buf + done, n - done);

		if (m < 0)
			return m;
		if (m == 0)
			break;
		done += m;
	}
	return done;
}

/* Write n bytes of buf to fdnum at its offset.  Returns the count
 * written or an error. */
ssize_t
write(int fdnum, const void *buf, size_t n)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = lookup_unless_mode(fdnum, O_RDONLY, "write", &fd, &dev)) < 0)
		return r;
	if (!dev->dev_write)
		return -E_NOT_SUPP;
	return dev->dev_write(fd, buf, n);
}

/* Set fdnum's offset.  Returns 0 or -E_INVAL. */
int
seek(int fdnum, off_t offset)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	fd->fd_offset = offset;
	return 0;
}

/* Set the size of the file open as fdnum.  Returns 0 or an error. */
int
ftruncate(int fdnum, off_t size)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	r = lookup_unless_mode(fdnum, O_RDONLY, "ftruncate", &fd, &dev);
	if (r < 0)
		return r;
	if (!dev->dev_trunc)
		return -E_NOT_SUPP;
	return dev->dev_trunc(fd, size);
}

/* Describe fdnum in *stat.  st_dev is always set, before the device
 * fills in the rest.  Returns 0 or an error. */
int
fstat(int fdnum, struct Stat *stat)
{
	struct Fd *fd;
	struct Dev *dev;
	int r;

	if ((r = lookup(fdnum, &fd, &dev)) < 0)
		return r;
	if (!dev->dev_stat)
		return -E_NOT_SUPP;
	stat->st_name[0] = '\0';
	stat->st_size = 0;
	stat->st_isdir = 0;
	stat->st_dev = dev;
	return dev->dev_stat(fd, stat);
}

/* Describe the file at path in *stat.  Returns 0 or an error. */
int
stat(const char *path, struct Stat *stat)
{
	int fd = open(path, O_RDONLY);
	int r;

	if (fd < 0)
		return fd;
	r = fstat(fd, stat);
	close(fd);
	return r;
}
