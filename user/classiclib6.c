/*
 * classiclib6: what lab 6 adds to the classic user library
 * (docs/compatibility.md), declared again the way classic code declares
 * it, so that a signature of ours that differs is a compile error, and
 * each group used the way classic programs use it.  Prints one "ok" line
 * per group, then "classiclib6: done":
 *   clock, heap, names, sockets (the last needs the network server).
 */
#include <inc/lib.h>
#include <lwip/sockets.h>
#include <lwip/inet.h>

/* The classic declarations: any difference from ours fails the build. */
unsigned int sys_time_msec(void);
void *malloc(size_t size);
void free(void *v);
int accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int bind(int s, struct sockaddr *name, socklen_t namelen);
int shutdown(int s, int how);
int connect(int s, const struct sockaddr *name, socklen_t namelen);
int listen(int s, int backlog);
int socket(int domain, int type, int protocol);
int nsipc_accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int nsipc_bind(int s, struct sockaddr *name, socklen_t namelen);
int nsipc_shutdown(int s, int how);
int nsipc_close(int s);
int nsipc_connect(int s, const struct sockaddr *name, socklen_t namelen);
int nsipc_listen(int s, int backlog);
int nsipc_recv(int s, void *mem, int len, unsigned int flags);
int nsipc_send(int s, const void *buf, int size, unsigned int flags);
int nsipc_socket(int domain, int type, int protocol);
extern struct Dev devsock;

#define CHECK(x)	do { if (!(x)) panic("check failed: %s", #x); } while (0)

static void
clock(void)
{
	unsigned int start = sys_time_msec(), now;

	do {
		sys_yield();
		now = sys_time_msec();
	} while (now == start);
	CHECK(now > start && now - start < 1000);
	cprintf("classiclib6: clock ok\n");
}

static void
heap(void)
{
	char *small = malloc(100), *big = malloc(3 * PGSIZE);

	CHECK(small && big && small != big);
	memset(small, 'a', 100);
	memset(big, 'b', 3 * PGSIZE);
	CHECK(small[99] == 'a' && big[3 * PGSIZE - 1] == 'b');
	free(small);
	free(big);
	cprintf("classiclib6: heap ok\n");
}

static void
names(void)
{
	struct in_addr a;

	CHECK(inet_addr("10.0.2.15") == 0x0f02000a);
	a.s_addr = htonl(0x0a000202);
	CHECK(strcmp(inet_ntoa(a), "10.0.2.2") == 0);
	CHECK(htons(80) == 0x5000 && ntohs(0x5000) == 80);
	CHECK(sizeof(struct sockaddr_in) == 16 && AF_INET == 2 &&
	      PF_INET == AF_INET && SOCK_STREAM == 1 && IPPROTO_TCP == 6);
	CHECK(devsock.dev_id == 's' && strcmp(devsock.dev_name, "sock") == 0);
	cprintf("classiclib6: names ok\n");
}

static void
sockets(void)
{
	struct sockaddr_in addr;
	struct Stat st;
	int s, file;

	if ((s = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0) {
		cprintf("classiclib6: no network server (%e)\n", s);
		return;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons(8080);
	CHECK(bind(s, (struct sockaddr *) &addr, sizeof(addr)) == 0);
	CHECK(listen(s, 5) == 0);
	CHECK(fstat(s, &st) == 0 && strcmp(st.st_name, "<sock>") == 0 &&
	      st.st_dev == &devsock);
	CHECK((file = open("/motd", O_RDONLY)) >= 0);
	CHECK(listen(file, 5) == -E_NOT_SUPP);
	CHECK(close(file) == 0 && close(s) == 0);
	cprintf("classiclib6: sockets ok\n");
}

void
umain(int argc, char **argv)
{
	clock();
	heap();
	names();
	sockets();
	cprintf("classiclib6: done\n");
}
