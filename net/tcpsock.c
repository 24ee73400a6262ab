/*
 * The network server's sockets: the requests of inc/ns.h carried out on
 * lwIP's raw TCP API.
 *
 * A request either completes at once or waits ("parks") until lwIP calls
 * back: a connection to accept, data to receive, room in the send buffer,
 * a connect that completed, or an error.  Every callback ends in
 * sock_retry, which tries the socket's waiting requests again, oldest
 * first.  Nothing here ever blocks.
 *
 * A socket's id, as clients see it, carries a generation count besides
 * its slot, so that a stale id (a socket closed since) is refused rather
 * than taken for the slot's next socket.
 */
#include "serv.h"
#include <lwip/tcp.h>

#define MAXSOCK		64
#define MAXBACKLOG	32
#define SOCKID(s)	((s)->gen << 8 | (int) ((s) - socks))

enum sock_state {
	S_FREE,
	S_NEW,		/* no connection yet; may be bound */
	S_LISTEN,
	S_CONNECTING,
	S_CONNECTED,	/* accepted or connected (pcb NULL after an error) */
};

struct sock {
	enum sock_state state;
	int gen;
	struct tcp_pcb *pcb;
	int err;		/* after lwIP dropped the connection: why */
	/* S_LISTEN: connections not yet accepted (their sockets) */
	struct sock *backlog[MAXBACKLOG];
	int nbacklog, maxbacklog;
	/* S_CONNECTED: data received, not yet handed out */
	struct pbuf *rx;
	bool rx_eof;
	struct sock *listener;	/* while in a listener's backlog */
};

static struct sock socks[MAXSOCK];

/* An lwIP error as a JOS one. */
static int
jos_err(err_t err)
{
	switch (err) {
	case ERR_OK:
		return 0;
	case ERR_MEM:
	case ERR_BUF:
		return -E_NO_MEM;
	case ERR_USE:
	case ERR_ISCONN:
	case ERR_ALREADY:
	case ERR_ARG:
	case ERR_VAL:
	case ERR_RTE:
		return -E_INVAL;
	default:
		return -E_UNSPECIFIED;	/* reset, aborted, timed out */
	}
}

static struct sock *
sock_alloc(void)
{
	for (int i = 0; i < MAXSOCK; i++) {
		struct sock *s = &socks[i];

		if (s->state == S_FREE) {
			int gen = (s->gen + 1) & 0x3fffff;

			memset(s, 0, sizeof *s);
			s->gen = gen ? gen : 1;
			s->state = S_NEW;
			return s;
		}
	}
	return NULL;
}

/* The socket with client id id, or NULL if there is none. */
static struct sock *
sock_lookup(int id)
{
	struct sock *s;

	if (id < 0 || (id & 0xff) >= MAXSOCK)
		return NULL;
	s = &socks[id & 0xff];
	return s->state != S_FREE && SOCKID(s) == id ? s : NULL;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err);
static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len);
static void on_err(void *arg, err_t err);

/* Give pcb to socket s, with our callbacks. */
static void
sock_attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->pcb = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
}

/* Take s's pcb away from it, with no more callbacks to s.  Received data
 * not handed out is acknowledged, so that tcp_close sends a FIN, not the
 * reset it sends when the application left data unread. */
static struct tcp_pcb *
sock_detach(struct sock *s)
{
	struct tcp_pcb *pcb = s->pcb;

	s->pcb = NULL;
	if (s->rx) {
		if (pcb)
			tcp_recved(pcb, s->rx->tot_len);
		pbuf_free(s->rx);
		s->rx = NULL;
	}
	if (pcb) {
		tcp_arg(pcb, NULL);
		if (s->state == S_LISTEN) {
			tcp_accept(pcb, NULL);
		} else {
			tcp_recv(pcb, NULL);	/* lwIP then drops what comes */
			tcp_sent(pcb, NULL);
			tcp_err(pcb, NULL);
		}
	}
	return pcb;
}

/* Close s's connection, if any, and free s. */
static void
sock_free(struct sock *s)
{
	struct tcp_pcb *pcb = sock_detach(s);

	if (pcb && tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
	for (int i = 0; i < s->nbacklog; i++)
		sock_free(s->backlog[i]);
	s->nbacklog = 0;
	s->state = S_FREE;
}

/* --- lwIP's callbacks ------------------------------------------------- */

static err_t
on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct sock *s = arg;

	if (p == NULL) {
		s->rx_eof = true;
	} else if (s->rx) {
		pbuf_cat(s->rx, p);
	} else {
		s->rx = p;
	}
	if (!s->listener)
		sock_retry(SOCKID(s));
	return ERR_OK;
}

static err_t
on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct sock *s = arg;

	sock_retry(SOCKID(s));
	return ERR_OK;
}

/* lwIP has freed the pcb (reset, aborted, timed out). */
static void
on_err(void *arg, err_t err)
{
	struct sock *s = arg;

	s->pcb = NULL;
	s->err = jos_err(err);
	if (s->err == 0)
		s->err = -E_UNSPECIFIED;
	if (!s->listener)
		sock_retry(SOCKID(s));
}

static err_t
on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *s = arg;

	s->state = S_CONNECTED;
	sock_retry(SOCKID(s));
	return ERR_OK;
}

/* A new connection on listening socket arg: queue it for ACCEPT, or
 * refuse it (lwIP then resets it) when the backlog is full. */
static err_t
on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg, *s;

	if (err != ERR_OK || pcb == NULL)
		return ERR_VAL;
	if (l->nbacklog >= l->maxbacklog || (s = sock_alloc()) == NULL)
		return ERR_MEM;
	s->state = S_CONNECTED;
	s->listener = l;
	sock_attach(s, pcb);
	l->backlog[l->nbacklog++] = s;
	sock_retry(SOCKID(l));
	return ERR_OK;
}

/* --- the requests ----------------------------------------------------- */

/* The IPv4 address and port in a request's socket address.  Returns 0,
 * or -E_INVAL if it is not an IPv4 one. */
static int
get_name(const struct sockaddr *name, socklen_t namelen, ip_addr_t *ip,
	 u16_t *port)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *) name;

	if (namelen != sizeof *in || in->sin_family != AF_INET)
		return -E_INVAL;
	ip_addr_set_ip4_u32(ip, in->sin_addr.s_addr);
	*port = ntohs(in->sin_port);
	return 0;
}

static int
do_socket(struct request *req)
{
	struct Nsreq_socket *r = &req->page->socket;
	struct tcp_pcb *pcb;
	struct sock *s;

	if (r->req_domain != PF_INET || r->req_type != SOCK_STREAM ||
	    (r->req_protocol != 0 && r->req_protocol != IPPROTO_TCP))
		return -E_NOT_SUPP;
	if ((s = sock_alloc()) == NULL)
		return -E_MAX_OPEN;
	if ((pcb = tcp_new()) == NULL) {
		s->state = S_FREE;
		return -E_NO_MEM;
	}
	sock_attach(s, pcb);
	return SOCKID(s);
}

static int
do_bind(struct sock *s, struct request *req)
{
	struct Nsreq_bind r = req->page->bind;
	ip_addr_t ip;
	u16_t port;
	int e;

	if (s->state != S_NEW)
		return -E_INVAL;
	if ((e = get_name(&r.req_name, r.req_namelen, &ip, &port)) < 0)
		return e;
	return jos_err(tcp_bind(s->pcb, &ip, port));
}

static int
do_listen(struct sock *s, struct request *req)
{
	int backlog = req->page->listen.req_backlog;
	struct tcp_pcb *lpcb;
	err_t err;

	if (s->state == S_LISTEN)
		return 0;
	if (s->state != S_NEW)
		return -E_INVAL;
	backlog = MAX(1, MIN(backlog, MAXBACKLOG));
	lpcb = tcp_listen_with_backlog_and_err(s->pcb, backlog, &err);
	if (lpcb == NULL)
		return jos_err(err);
	/* The old pcb is freed: it must not be detached or closed again. */
	s->pcb = lpcb;
	s->state = S_LISTEN;
	s->maxbacklog = backlog;
	tcp_arg(lpcb, s);
	tcp_accept(lpcb, on_accept);
	return 0;
}

static int
do_accept(struct sock *s, struct request *req)
{
	struct Nsret_accept *ret = &req->page->acceptRet;
	struct sockaddr_in peer = {0};
	struct sock *c;

	if (s->state != S_LISTEN)
		return -E_INVAL;
	if (s->nbacklog == 0)
		return PARKED;
	c = s->backlog[0];
	memmove(s->backlog, s->backlog + 1, --s->nbacklog * sizeof s->backlog[0]);
	c->listener = NULL;
	peer.sin_len = sizeof peer;
	peer.sin_family = AF_INET;
	if (c->pcb) {
		peer.sin_port = htons(c->pcb->remote_port);
		peer.sin_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(&c->pcb->remote_ip));
	}
	memmove(&ret->ret_addr, &peer, MIN(req->addrlen, sizeof peer));
	ret->ret_addrlen = sizeof peer;
	return SOCKID(c);
}

static int
do_connect(struct sock *s, struct request *req)
{
	struct Nsreq_connect r = req->page->connect;
	ip_addr_t ip;
	u16_t port;
	int e;

	switch (s->state) {
	case S_NEW:
		if ((e = get_name(&r.req_name, r.req_namelen, &ip, &port)) < 0)
			return e;
		if ((e = jos_err(tcp_connect(s->pcb, &ip, port,
					     on_connected))) < 0)
			return e;
		s->state = S_CONNECTING;
		return PARKED;
	case S_CONNECTING:
		return s->pcb ? PARKED : s->err;
	case S_CONNECTED:
		return s->pcb ? 0 : s->err;
	default:
		return -E_INVAL;
	}
}

/* Copy up to req->len bytes of s's received data into the request page.
 * Returns the count, 0 at the end of the stream, or PARKED. */
static int
do_recv(struct sock *s, struct request *req)
{
	int n;

	if (s->state != S_CONNECTED)
		return s->state == S_CONNECTING ? PARKED : -E_INVAL;
	if (req->len == 0)
		return 0;
	if (!s->rx)
		return s->rx_eof ? 0 : s->pcb ? PARKED : s->err;
	n = pbuf_copy_partial(s->rx, req->page->recvRet.ret_buf,
			      MIN(req->len, NSIPC_MAX_RECV), 0);
	s->rx = pbuf_free_header(s->rx, n);
	if (s->pcb)
		tcp_recved(s->pcb, n);
	return n;
}

/* Queue as much of the request's data as lwIP takes.  Returns the size
 * once all is queued, PARKED until then, or the error that stopped it
 * (what was queued, if anything was). */
static int
do_send(struct sock *s, struct request *req)
{
	const char *buf = req->page->send.req_buf;

	if (s->state != S_CONNECTED)
		return s->state == S_CONNECTING ? PARKED : -E_INVAL;
	while (req->done < req->len) {
		int n;
		err_t err;

		if (!s->pcb)
			return req->done ? req->done : s->err;
		n = MIN(req->len - req->done, tcp_sndbuf(s->pcb));
		if (n == 0 || tcp_sndqueuelen(s->pcb) >= TCP_SND_QUEUELEN)
			break;
		err = tcp_write(s->pcb, buf + req->done, n, TCP_WRITE_FLAG_COPY);
		if (err == ERR_MEM)
			break;
		if (err != ERR_OK)
			return req->done ? req->done : jos_err(err);
		req->done += n;
	}
	if (s->pcb)
		tcp_output(s->pcb);
	return req->done == req->len ? req->len : PARKED;
}

static int
do_shutdown(struct sock *s, struct request *req)
{
	int how = req->page->shutdown.req_how;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -E_INVAL;
	if (s->state != S_CONNECTED)
		return -E_INVAL;
	if (!s->pcb)
		return s->err;
	return jos_err(tcp_shutdown(s->pcb, how != SHUT_WR, how != SHUT_RD));
}

/*
 * Carry out req (its socket, if any, looked up again each time).
 * Returns its answer, or PARKED if it must wait.
 */
int
sock_request(struct request *req)
{
	struct sock *s;

	if (req->type == NSREQ_SOCKET)
		return do_socket(req);
	if ((s = sock_lookup(req->sockid)) == NULL)
		return -E_INVAL;
	switch (req->type) {
	case NSREQ_BIND:
		return do_bind(s, req);
	case NSREQ_LISTEN:
		return do_listen(s, req);
	case NSREQ_ACCEPT:
		return do_accept(s, req);
	case NSREQ_CONNECT:
		return do_connect(s, req);
	case NSREQ_RECV:
		return do_recv(s, req);
	case NSREQ_SEND:
		return do_send(s, req);
	case NSREQ_SHUTDOWN:
		return do_shutdown(s, req);
	case NSREQ_CLOSE:
		sock_free(s);
		/* Requests other envs left waiting on it now fail (this one
		 * is not waiting: it has no seq). */
		sock_retry(req->sockid);
		return 0;
	default:
		return -E_INVAL;
	}
}

/*
 * Try again the requests waiting on socket sockid (those with a seq),
 * oldest first, and answer those that are done.  A request that must still wait keeps the
 * ones behind it of the same kind waiting too, so that data is never
 * handed out (or sent) out of order.
 */
void
sock_retry(int sockid)
{
	uint32_t after = 0;
	uint32_t blocked = 0;	/* bit per request type that must wait */

	for (;;) {
		struct request *next = NULL;
		int r;

		for (int i = 0; i < NSLOTS; i++) {
			struct request *q = &requests[i];

			if (q->busy && q->sockid == sockid && q->seq > after &&
			    (!next || q->seq < next->seq))
				next = q;
		}
		if (!next)
			return;
		after = next->seq;
		if (blocked & (1 << next->type))
			continue;
		if ((r = sock_request(next)) == PARKED)
			blocked |= 1 << next->type;
		else
			request_finish(next, r);
	}
}
