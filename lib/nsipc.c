/*
 * The client side of the network server's IPC protocol (inc/ns.h): one
 * function per request.  The request is written into the page nsipcbuf,
 * which is lent to the server for the call; ACCEPT and RECV answers come
 * back in it.
 */
#include <inc/lib.h>

/* In .bss.page, which user/user.ld puts before the program's BSS. */
union Nsipc nsipcbuf __attribute__((aligned(PGSIZE), section(".bss.page")));

/*
 * Send the request in nsipcbuf with code type to the network server and
 * wait for its answer.  Returns the answer, or -E_NOT_SUPP if there is no
 * network server (a kernel without lab 6, or built without lwIP).
 */
static int
nsipc(unsigned type)
{
	static envid_t server;
	volatile char *first = nsipcbuf._pad;
	int r;

	if (server == 0 && (server = ipc_find_env(ENV_TYPE_NS)) == 0)
		return -E_NOT_SUPP;
	/* Write the page, so that a copy-on-write nsipcbuf (after fork)
	 * becomes our own writable page before it is lent writable. */
	*first = *first;
	r = jos_sys_ipc_send(server, type, &nsipcbuf, PTE_P | PTE_W | PTE_U);
	if (r < 0)
		return r;
	return ipc_recv(NULL, NULL, NULL);
}

int
nsipc_accept(int s, struct sockaddr *addr, socklen_t *addrlen)
{
	int r;

	nsipcbuf.accept.req_s = s;
	nsipcbuf.accept.req_addrlen = addrlen ? *addrlen : 0;
	if ((r = nsipc(NSREQ_ACCEPT)) >= 0 && addr && addrlen) {
		struct Nsret_accept *ret = &nsipcbuf.acceptRet;
		socklen_t len = MIN(ret->ret_addrlen, *addrlen);

		memmove(addr, &ret->ret_addr, MIN(len, sizeof ret->ret_addr));
		*addrlen = ret->ret_addrlen;
	}
	return r;
}

/* Copy a socket address of namelen bytes into a request's 16-byte
 * field.  Returns 0, or -E_INVAL if it does not fit. */
static int
set_name(struct sockaddr *field, socklen_t *field_len,
	 const struct sockaddr *name, socklen_t namelen)
{
	if (namelen > sizeof *field)
		return -E_INVAL;
	memmove(field, name, namelen);
	*field_len = namelen;
	return 0;
}

int
nsipc_bind(int s, struct sockaddr *name, socklen_t namelen)
{
	int r;

	nsipcbuf.bind.req_s = s;
	if ((r = set_name(&nsipcbuf.bind.req_name, &nsipcbuf.bind.req_namelen,
			  name, namelen)) < 0)
		return r;
	return nsipc(NSREQ_BIND);
}

int
nsipc_shutdown(int s, int how)
{
	nsipcbuf.shutdown.req_s = s;
	nsipcbuf.shutdown.req_how = how;
	return nsipc(NSREQ_SHUTDOWN);
}

int
nsipc_close(int s)
{
	nsipcbuf.close.req_s = s;
	return nsipc(NSREQ_CLOSE);
}

int
nsipc_connect(int s, const struct sockaddr *name, socklen_t namelen)
{
	int r;

	nsipcbuf.connect.req_s = s;
	if ((r = set_name(&nsipcbuf.connect.req_name,
			  &nsipcbuf.connect.req_namelen, name, namelen)) < 0)
		return r;
	return nsipc(NSREQ_CONNECT);
}

int
nsipc_listen(int s, int backlog)
{
	nsipcbuf.listen.req_s = s;
	nsipcbuf.listen.req_backlog = backlog;
	return nsipc(NSREQ_LISTEN);
}

/* Receive at most len bytes (and at most NSIPC_MAX_RECV) into mem.
 * Returns the count, 0 at the end of the stream, or an error. */
int
nsipc_recv(int s, void *mem, int len, unsigned int flags)
{
	int r;

	nsipcbuf.recv.req_s = s;
	nsipcbuf.recv.req_len = len;
	nsipcbuf.recv.req_flags = flags;
	r = nsipc(NSREQ_RECV);
	if (r > 0) {
		/* A server that answers more than asked is not believed. */
		if (r > len || r > NSIPC_MAX_RECV)
			return -E_INVAL;
		memmove(mem, nsipcbuf.recvRet.ret_buf, r);
	}
	return r;
}

/* Send size bytes from buf, at most NSIPC_MAX_SEND.  Returns the count
 * sent or an error. */
int
nsipc_send(int s, const void *buf, int size, unsigned int flags)
{
	if (size < 0 || size > NSIPC_MAX_SEND)
		return -E_INVAL;
	nsipcbuf.send.req_s = s;
	nsipcbuf.send.req_size = size;
	nsipcbuf.send.req_flags = flags;
	memmove(nsipcbuf.send.req_buf, buf, size);
	return nsipc(NSREQ_SEND);
}

int
nsipc_socket(int domain, int type, int protocol)
{
	nsipcbuf.socket.req_domain = domain;
	nsipcbuf.socket.req_type = type;
	nsipcbuf.socket.req_protocol = protocol;
	return nsipc(NSREQ_SOCKET);
}
