/*
 * Sockets as file descriptors (device 's'): socket() and accept() open an
 * fd that names one of the network server's sockets; read, write and
 * close on it become RECV, SEND and CLOSE requests (lib/nsipc.c).  Like
 * every fd, the page is PTE_SHARE, so fork and spawn pass sockets on.
 */
#include <inc/lib.h>

static ssize_t devsock_read(struct Fd *fd, void *buf, size_t n);
static ssize_t devsock_write(struct Fd *fd, const void *buf, size_t n);
static int devsock_close(struct Fd *fd);
static int devsock_stat(struct Fd *fd, struct Stat *stat);

struct Dev devsock = {
	.dev_id = 's',
	.dev_name = "sock",
	.dev_read = devsock_read,
	.dev_write = devsock_write,
	.dev_close = devsock_close,
	.dev_stat = devsock_stat,
};

/* The server's socket id behind fd number s.  Returns it, -E_INVAL for a
 * fd that is not open, or -E_NOT_SUPP for one that is not a socket. */
static int
fd2sockid(int s)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(s, &fd)) < 0)
		return r;
	if (fd->fd_dev_id != devsock.dev_id)
		return -E_NOT_SUPP;
	return fd->fd_sock.sockid;
}

/* Open the lowest free fd on server socket sockid.  Returns the fd
 * number; on failure closes sockid and returns the error. */
static int
alloc_sockfd(int sockid)
{
	struct Fd *fd;
	int r;

	if ((r = fd_alloc(&fd)) < 0 ||
	    (r = sys_page_alloc(0, fd, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0) {
		nsipc_close(sockid);
		return r;
	}
	fd->fd_dev_id = devsock.dev_id;
	fd->fd_omode = O_RDWR;
	fd->fd_sock.sockid = sockid;
	return fd2num(fd);
}

int
accept(int s, struct sockaddr *addr, socklen_t *addrlen)
{
	int r;

	if ((r = fd2sockid(s)) < 0)
		return r;
	if ((r = nsipc_accept(r, addr, addrlen)) < 0)
		return r;
	return alloc_sockfd(r);
}

int
bind(int s, struct sockaddr *name, socklen_t namelen)
{
	int r;

	if ((r = fd2sockid(s)) < 0)
		return r;
	return nsipc_bind(r, name, namelen);
}

int
shutdown(int s, int how)
{
	int r;

	if ((r = fd2sockid(s)) < 0)
		return r;
	return nsipc_shutdown(r, how);
}

int
connect(int s, const struct sockaddr *name, socklen_t namelen)
{
	int r;

	if ((r = fd2sockid(s)) < 0)
		return r;
	return nsipc_connect(r, name, namelen);
}

int
listen(int s, int backlog)
{
	int r;

	if ((r = fd2sockid(s)) < 0)
		return r;
	return nsipc_listen(r, backlog);
}

int
socket(int domain, int type, int protocol)
{
	int r;

	if ((r = nsipc_socket(domain, type, protocol)) < 0)
		return r;
	return alloc_sockfd(r);
}

/* The server is told only when the last holder of the socket closes it
 * (fork and spawn share the Fd page). */
static int
devsock_close(struct Fd *fd)
{
	if (pageref(fd) == 1)
		return nsipc_close(fd->fd_sock.sockid);
	return 0;
}

/* What one RECV returns: at least a byte, unless the stream ended. */
static ssize_t
devsock_read(struct Fd *fd, void *buf, size_t n)
{
	return nsipc_recv(fd->fd_sock.sockid, buf, MIN(n, NSIPC_MAX_RECV), 0);
}

/* All n bytes, in as many SENDs as it takes.  Returns n, or what was sent
 * before an error (the error if nothing was). */
static ssize_t
devsock_write(struct Fd *fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		int r = nsipc_send(fd->fd_sock.sockid, (const char *) buf + done,
				   MIN(n - done, NSIPC_MAX_SEND), 0);

		if (r < 0)
			return done ? (ssize_t) done : r;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

static int
devsock_stat(struct Fd *fd, struct Stat *stat)
{
	(void) fd;
	strcpy(stat->st_name, "<sock>");
	return 0;
}
