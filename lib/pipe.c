/*
 * Pipes: a 32-byte ring buffer in one page shared by the two ends
 * (device 'p').  Each end is a file descriptor whose data page
 * (fd2data) is that shared page, mapped PTE_SHARE so that fork and spawn
 * pass the ends on.
 *
 * There is no count of readers and writers: an end has holders exactly
 * as long as its Fd page is mapped somewhere, which the kernel counts in
 * pp_ref (pageref).  Every mapping of an end's Fd page comes with a
 * mapping of the data page, so
 *	pageref(data) = pageref(read end's Fd) + pageref(write end's Fd)
 * and the other end of fd is gone exactly when pageref(fd) equals
 * pageref(data).  dup maps the data page before the Fd page and close
 * unmaps the Fd page first, so in between the data page only has extra
 * references and a live pipe never looks closed.
 *
 * Any number of envs may hold either end, on any number of CPUs (forked
 * children share their parent's ends): bytes move in or out only by the
 * env holding the pipe's lock, in the shared page, and a position moves
 * by one store after the bytes it hands over.  Each byte written is read
 * once, in order; a write of at most PIPEBUFSIZ bytes goes in whole,
 * never interleaved with another writer's (docs/spawn-fds-pipes.md).
 */
#include <inc/lib.h>

#define PIPEBUFSIZ	32	/* the testshell key depends on this size */

/* The two positions only grow (wrapping at 2^32); their difference is
 * the number of bytes in the buffer.  They change only under the lock,
 * but are read without it to see whether there is anything to do. */
struct Pipe {
	volatile uint32_t p_rpos;	/* bytes read so far */
	volatile uint32_t p_wpos;	/* bytes written so far */
	uint8_t p_buf[PIPEBUFSIZ];
	volatile envid_t p_holder;	/* env moving bytes, or 0 */
};

/* The other end may be on another CPU: a byte must be in (or out of) the
 * buffer before the position that hands it over moves.  x86 keeps stores
 * in order; this keeps the compiler from reordering them. */
#define publish_barrier()	asm volatile("" : : : "memory")

static ssize_t devpipe_read(struct Fd *fd, void *buf, size_t n);
static ssize_t devpipe_write(struct Fd *fd, const void *buf, size_t n);
static int devpipe_stat(struct Fd *fd, struct Stat *st);

struct Dev devpipe = {
	.dev_id = 'p',
	.dev_name = "pipe",
	.dev_read = devpipe_read,
	.dev_write = devpipe_write,
	/* Nothing to close: fd_close unmaps the Fd page, then the data
	 * page, in the order the top of this file needs. */
	.dev_stat = devpipe_stat,
};

/* Allocate one end of a pipe: a fresh Fd page on the lowest free fd, and
 * its data page, which is data if not NULL, else a new zeroed page. */
static int
pipe_end(struct Fd **fd_store, void *data, int omode)
{
	const int perm = PTE_P | PTE_U | PTE_W | PTE_SHARE;
	struct Fd *fd;
	int r;

	if ((r = fd_alloc(&fd)) < 0 ||
	    (r = sys_page_alloc(0, fd, perm)) < 0)
		return r;
	r = data ? sys_page_map(0, data, 0, fd2data(fd), perm)
		 : sys_page_alloc(0, fd2data(fd), perm);
	if (r < 0) {
		sys_page_unmap(0, fd);
		return r;
	}
	fd->fd_dev_id = devpipe.dev_id;
	fd->fd_omode = omode;
	*fd_store = fd;
	return 0;
}

/* Make a pipe: pfd[0] is its read end, on the lowest free fd, and
 * pfd[1] its write end, on the next.  Returns 0 or an error. */
int
pipe(int pfd[2])
{
	struct Fd *rfd, *wfd;
	int r;

	if ((r = pipe_end(&rfd, NULL, O_RDONLY)) < 0)
		return r;
	if ((r = pipe_end(&wfd, fd2data(rfd), O_WRONLY)) < 0) {
		fd_close(rfd, 0);
		return r;
	}
	pfd[0] = fd2num(rfd);
	pfd[1] = fd2num(wfd);
	return 0;
}

/* One reading of "is the other end of fd gone?" that no dup or close of
 * this env's, or of another env's on another CPU, was half-way through:
 * it is retried while this env was preempted or the data page's count
 * changed between the readings. */
static bool
other_end_gone_once(struct Fd *fd, struct Pipe *p)
{
	uint32_t runs;
	int data_refs, fd_refs;

	for (;;) {
		runs = thisenv->env_runs;
		data_refs = pageref(p);
		fd_refs = pageref(fd);
		if (runs == thisenv->env_runs && data_refs == pageref(p))
			return fd_refs == data_refs;
	}
}

/*
 * Is the other end of fd gone?  A closed pipe stays closed (no one is
 * left to map the missing end again), so a "closed" reading is taken
 * only if it holds again after giving other envs a turn: a dup and close
 * on another CPU that fit exactly between two reads of one reading cannot
 * repeat themselves around the next.
 */
static bool
other_end_gone(struct Fd *fd, struct Pipe *p)
{
	if (!other_end_gone_once(fd, p))
		return false;
	sys_yield();
	return other_end_gone_once(fd, p);
}

/* 1 if the other end of pipe fd fdnum has no holder left, 0 if it has,
 * or an error if fdnum is not open. */
int
pipeisclosed(int fdnum)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	return other_end_gone(fd, (struct Pipe *) fd2data(fd));
}

/* Can env id still run?  A holder of the lock that cannot was killed in
 * the middle of a read or write, before it moved a position: the pipe
 * is as it was before that call. */
static bool
env_alive(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	return e->env_id == id && e->env_status != ENV_FREE &&
	       e->env_status != ENV_DYING;
}

/* Take p's lock, yielding while another live env holds it. */
static void
pipe_lock(struct Pipe *p)
{
	envid_t me = thisenv->env_id, h;

	while ((h = __sync_val_compare_and_swap(&p->p_holder, 0, me)) != 0) {
		if (!env_alive(h))
			__sync_val_compare_and_swap(&p->p_holder, h, 0);
		else
			sys_yield();
	}
}

static void
pipe_unlock(struct Pipe *p)
{
	__sync_lock_release(&p->p_holder);
}

/* Under the lock: move up to n buffered bytes to dst.  Returns the
 * count. */
static size_t
take_bytes(struct Pipe *p, uint8_t *dst, size_t n)
{
	uint32_t pos = p->p_rpos;
	size_t k = MIN(n, (size_t) (p->p_wpos - pos));

	for (size_t i = 0; i < k; i++)
		dst[i] = p->p_buf[(pos + i) % PIPEBUFSIZ];
	publish_barrier();
	p->p_rpos = pos + k;
	return k;
}

/* Under the lock: put up to n bytes of src in, if at least want fit.
 * Returns the count. */
static size_t
put_bytes(struct Pipe *p, const uint8_t *src, size_t n, size_t want)
{
	uint32_t pos = p->p_wpos;
	size_t room = PIPEBUFSIZ - (pos - p->p_rpos), k;

	if (room < want)
		return 0;
	k = MIN(n, room);
	for (size_t i = 0; i < k; i++)
		p->p_buf[(pos + i) % PIPEBUFSIZ] = src[i];
	publish_barrier();
	p->p_wpos = pos + k;
	return k;
}

/* Wait for at least one byte, then read up to n.  Returns the count, or
 * 0 once the pipe is empty and has no writer left. */
static ssize_t
devpipe_read(struct Fd *fd, void *buf, size_t n)
{
	struct Pipe *p = (struct Pipe *) fd2data(fd);
	size_t k;

	if (n == 0)
		return 0;
	for (;;) {
		pipe_lock(p);
		k = take_bytes(p, buf, n);
		pipe_unlock(p);
		if (k > 0)
			return k;
		/* The writers' last bytes are in before they are gone: look
		 * again after seeing them gone. */
		if (other_end_gone(fd, p) && p->p_rpos == p->p_wpos)
			return 0;
		sys_yield();
	}
}

/* Put all n bytes in, waiting while the pipe is full, and return n as
 * soon as the last one is in; n <= PIPEBUFSIZ bytes go in at once.
 * Returns 0 if no reader is left to make room. */
static ssize_t
devpipe_write(struct Fd *fd, const void *buf, size_t n)
{
	struct Pipe *p = (struct Pipe *) fd2data(fd);
	const uint8_t *src = buf;
	size_t done = 0;

	while (done < n) {
		size_t want = n <= PIPEBUFSIZ ? n : 1, k;

		pipe_lock(p);
		k = put_bytes(p, src + done, n - done, want);
		pipe_unlock(p);
		done += k;
		if (k == 0) {
			if (other_end_gone(fd, p))
				return 0;
			sys_yield();
		}
	}
	return n;
}

static int
devpipe_stat(struct Fd *fd, struct Stat *st)
{
	struct Pipe *p = (struct Pipe *) fd2data(fd);

	strcpy(st->st_name, "<pipe>");
	st->st_size = p->p_wpos - p->p_rpos;
	return 0;
}
