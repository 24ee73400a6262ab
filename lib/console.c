/*
 * The console for user programs: single characters through system calls,
 * and the console as a file descriptor (device 'c'), which is what a
 * program's fds 0 and 1 usually are.
 */

#include <inc/lib.h>

/* sys_cputs takes any length; pieces keep one write from holding the
 * console for long while other envs wait to print. */
#define CONS_WRITE_CHUNK	127

/* End of file when typed at the console: Ctrl-D. */
#define CTRL_D			0x04

static ssize_t devcons_read(struct Fd *fd, void *buf, size_t n);
static ssize_t devcons_write(struct Fd *fd, const void *buf, size_t n);
static int devcons_close(struct Fd *fd);
static int devcons_stat(struct Fd *fd, struct Stat *st);

struct Dev devcons = {
	.dev_id = 'c',
	.dev_name = "cons",
	.dev_read = devcons_read,
	.dev_write = devcons_write,
	.dev_close = devcons_close,
	.dev_stat = devcons_stat,
};

/* Print one character on the console, whatever fd 1 is. */
void
cputchar(int ch)
{
	char c = ch;

	sys_cputs(&c, 1);
}

/* Read one byte from fd 0.  Returns it, -E_EOF at end of file, or the
 * error read gave. */
int
getchar(void)
{
	unsigned char c;
	ssize_t r = read(0, &c, 1);

	if (r < 0)
		return r;
	if (r == 0)
		return -E_EOF;
	return c;
}

/* Is fd the console?  1 if so, 0 for another device, -E_INVAL if fd is
 * not open. */
int
iscons(int fdnum)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	return fd->fd_dev_id == devcons.dev_id;
}

/* Open the console read-write on the lowest free fd, shared with the
 * children this env forks or spawns.  Returns the fd or an error. */
int
opencons(void)
{
	struct Fd *fd;
	int r;

	if ((r = fd_alloc(&fd)) < 0)
		return r;
	if ((r = sys_page_alloc(0, fd, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		return r;
	fd->fd_dev_id = devcons.dev_id;
	fd->fd_omode = O_RDWR;
	return fd2num(fd);
}

/* Wait for one typed character (giving up the CPU meanwhile) and return
 * it; 0 bytes for Ctrl-D. */
static ssize_t
devcons_read(struct Fd *fd, void *buf, size_t n)
{
	int c;

	(void) fd;
	if (n == 0)
		return 0;
	while ((c = sys_cgetc()) == 0)
		sys_yield();
	if (c < 0)
		return c;
	if (c == CTRL_D)
		return 0;
	*(char *) buf = c;
	return 1;
}

static ssize_t
devcons_write(struct Fd *fd, const void *buf, size_t n)
{
	size_t done, m;

	(void) fd;
	for (done = 0; done < n; done += m) {
		m = MIN(n - done, (size_t) CONS_WRITE_CHUNK);
		sys_cputs((const char *) buf + done, m);
	}
	return n;
}

static int
devcons_close(struct Fd *fd)
{
	(void) fd;
	return 0;
}

static int
devcons_stat(struct Fd *fd, struct Stat *st)
{
	(void) fd;
	strcpy(st->st_name, "<cons>");
	return 0;
}
