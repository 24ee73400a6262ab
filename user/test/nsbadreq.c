/*
 * nsbadreq: hostile requests to the network server, built by hand, and
 * socket calls on bad descriptors and pointers.  Each must get an error,
 * never crash or stall the server: unknown codes, a missing or read-only
 * request page, bad and stale socket ids, negative and huge sizes,
 * requests in the wrong state, a client that dies while its request
 * waits, a socket closed while another env's request waits on it.  Then the server must still carry a connection to itself
 * (loopback, port 8080).  Prints "ok   CHECK" per check (hostile.h), then
 * "nsbadreq: the server survived".
 */
#include <inc/lib.h>
#include <lwip/sockets.h>
#include "lib/hostile.h"

#define RO_PAGE		((union Nsipc *) 0xCCCC0000)
#define PORT		8080

static envid_t server;

/* Send request type in page with perm and wait for the answer. */
static int
request(unsigned type, void *page, int perm)
{
	int r = jos_sys_ipc_send(server, type, page, perm);

	return r < 0 ? r : ipc_recv(NULL, NULL, NULL);
}

static int
nsreq(unsigned type)
{
	return request(type, &nsipcbuf, PTE_P | PTE_W | PTE_U);
}

static struct sockaddr_in
addr(const char *ip, int port)
{
	struct sockaddr_in a = {0};

	a.sin_len = sizeof a;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = inet_addr(ip);
	a.sin_port = htons(port);
	return a;
}

static void
bad_requests(void)
{
	int s, r;

	expect("unknown code 0", nsreq(0), -E_INVAL);
	expect("unknown code 99", nsreq(99), -E_INVAL);
	expect("NSREQ_OUTPUT from a client", nsreq(NSREQ_OUTPUT), -E_INVAL);
	expect("NSREQ_INPUT from a client", nsreq(NSREQ_INPUT), -E_INVAL);
	if ((r = sys_page_alloc(0, RO_PAGE, PTE_P | PTE_U)) < 0)
		panic("sys_page_alloc: %e", r);
	expect("read-only request page",
	       request(NSREQ_SOCKET, RO_PAGE, PTE_P | PTE_U), -E_INVAL);

	nsipcbuf.socket.req_domain = 99;
	nsipcbuf.socket.req_type = SOCK_STREAM;
	nsipcbuf.socket.req_protocol = 0;
	expect("socket of domain 99", nsreq(NSREQ_SOCKET), -E_NOT_SUPP);
	expect("socket(SOCK_DGRAM)", nsipc_socket(PF_INET, SOCK_DGRAM, 0),
	       -E_NOT_SUPP);

	for (int id = -1; id <= 0x1000000; id = id * 16 + 16) {
		nsipcbuf.recv.req_s = id;
		nsipcbuf.recv.req_len = 10;
		expect("recv on a socket id that is none", nsreq(NSREQ_RECV),
		       -E_INVAL);
	}

	s = nsipc_socket(PF_INET, SOCK_STREAM, 0);
	expect_true("a socket", s >= 0);
	nsipcbuf.recv.req_s = s;
	nsipcbuf.recv.req_len = -1;
	expect("recv of -1 bytes", nsreq(NSREQ_RECV), -E_INVAL);
	nsipcbuf.send.req_s = s;
	nsipcbuf.send.req_size = PGSIZE;
	expect("send of a page and more", nsreq(NSREQ_SEND), -E_INVAL);
	nsipcbuf.send.req_size = -5;
	expect("send of -5 bytes", nsreq(NSREQ_SEND), -E_INVAL);
	expect("recv before connecting", nsipc_recv(s, nsipcbuf.recvRet.ret_buf,
						   10, 0), -E_INVAL);
	expect("send before connecting", nsipc_send(s, "x", 1, 0), -E_INVAL);
	expect("accept before listening", nsipc_accept(s, NULL, NULL), -E_INVAL);
	nsipcbuf.bind.req_s = s;
	nsipcbuf.bind.req_namelen = 1000;
	expect("bind with a name of 1000 bytes", nsreq(NSREQ_BIND), -E_INVAL);
	nsipcbuf.shutdown.req_s = s;
	nsipcbuf.shutdown.req_how = 7;
	expect("shutdown how 7", nsreq(NSREQ_SHUTDOWN), -E_INVAL);
	expect("close", nsipc_close(s), 0);
	expect("close again", nsipc_close(s), -E_INVAL);
	expect("recv on a closed socket", nsipc_recv(s, nsipcbuf.recvRet.ret_buf,
						    10, 0), -E_INVAL);
}

static int bad_sock;

/* No fault handler from here on, in a forked child: its request page,
 * copy-on-write since the fork, is made its own first. */
static void
no_fault_handler(void)
{
	nsipcbuf._pad[0] = 0;
	sys_env_set_pgfault_upcall(0, NULL);
}

/* The library reads the name to copy it into the request: the caller
 * faults, and dies, before ns sees anything. */
static void
bind_kernel_pointer(void)
{
	no_fault_handler();
	bind(bad_sock, (struct sockaddr *) 0xf0100000, 16);
}

static void
connect_unmapped_pointer(void)
{
	no_fault_handler();
	connect(bad_sock, (struct sockaddr *) 0xCCC00000, 16);
}

/* Socket calls through the library on fds that are not sockets, and
 * with pointers the library cannot read (the caller dies, not ns). */
static void
bad_fds(void)
{
	struct sockaddr_in a = addr("10.0.2.15", PORT);
	int s = socket(PF_INET, SOCK_STREAM, 0);
	int file = open("/motd", O_RDONLY);

	expect("accept on a file's fd", accept(file, NULL, NULL), -E_NOT_SUPP);
	close(file);
	expect("bind on fd 31 (not open)", bind(31, (struct sockaddr *) &a,
						 sizeof a), -E_INVAL);
	expect("listen on fd -1", listen(-1, 1), -E_INVAL);
	expect("connect to a closed port",
	       connect(s, (struct sockaddr *) &a, sizeof a) < 0, 1);
	close(s);
	expect("read on a closed socket fd", read(s, &a, 1), -E_INVAL);
	bad_sock = socket(PF_INET, SOCK_STREAM, 0);
	expect_destroyed("bind with a kernel pointer", bind_kernel_pointer);
	expect_destroyed("connect with an unmapped pointer",
			 connect_unmapped_pointer);
	close(bad_sock);
}

/* A client that dies while its accept waits in the server. */
static void
dead_waiter(void)
{
	struct sockaddr_in a = addr("0.0.0.0", PORT + 1);
	int s = socket(PF_INET, SOCK_STREAM, 0);
	envid_t child;

	expect("bind", bind(s, (struct sockaddr *) &a, sizeof a), 0);
	expect("listen", listen(s, 1), 0);
	if ((child = fork()) == 0) {
		accept(s, NULL, NULL);
		exit();
	}
	wait_receiving(child);
	sys_env_destroy(child);
	wait_gone(child);
	expect("close the listener", close(s), 0);
}

/* A socket closed by a raw CLOSE while another env's accept waits on it:
 * the waiting accept fails. */
static void
closed_under_waiter(void)
{
	struct sockaddr_in a = addr("0.0.0.0", PORT + 2);
	int s = socket(PF_INET, SOCK_STREAM, 0);
	struct Fd *fd;
	envid_t child;

	expect("bind", bind(s, (struct sockaddr *) &a, sizeof a), 0);
	expect("listen", listen(s, 1), 0);
	if ((child = fork()) == 0) {
		expect("accept on a socket closed meanwhile",
		       accept(s, NULL, NULL) < 0, 1);
		exit();
	}
	wait_receiving(child);
	fd_lookup(s, &fd);
	expect("raw close", nsipc_close(fd->fd_sock.sockid), 0);
	wait_gone(child);
	expect("close of the fd (the socket is gone)", close(s), -E_INVAL);
}

/* A connection to ourselves: data both ways, end of stream. */
static void
loopback(void)
{
	struct sockaddr_in a = addr("10.0.2.15", PORT);
	int l = socket(PF_INET, SOCK_STREAM, 0), c, s;
	char buf[16] = {0};
	envid_t child;

	expect("bind 8080", bind(l, (struct sockaddr *) &a, sizeof a), 0);
	expect("listen 8080", listen(l, 1), 0);
	if ((child = fork()) == 0) {
		c = socket(PF_INET, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *) &a, sizeof a) < 0 ||
		    write(c, "ping", 4) != 4 || readn(c, buf, 4) != 4)
			panic("loopback client failed");
		exit();
	}
	s = accept(l, NULL, NULL);
	expect_true("accept", s >= 0);
	expect("read ping", readn(s, buf, 4), 4);
	expect_true("ping intact", memcmp(buf, "ping", 4) == 0);
	expect("write pong", write(s, "pong", 4), 4);
	expect("end of stream", read(s, buf, sizeof buf), 0);
	wait(child);
	close(s);
	close(l);
}

void
umain(int argc, char **argv)
{
	if ((server = ipc_find_env(ENV_TYPE_NS)) == 0)
		panic("no network server");
	bad_requests();
	bad_fds();
	dead_waiter();
	closed_under_waiter();
	loopback();
	hostile_summary("nsbadreq");
	cprintf("nsbadreq: the server survived\n");
}
