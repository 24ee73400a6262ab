/*
 * Inside the network server: how the event loop (net/serv.c), the
 * sockets (net/tcpsock.c) and the network interface (net/jif.c) talk.
 */
#ifndef JOS_NET_SERV_H
#define JOS_NET_SERV_H

#include "ns.h"

/* The server holds more requests than the classic QUEUE_SIZE: every
 * client of httpd may wait in a RECV at once.  Slot i's page is at
 * SLOTVA + i pages, below the stack. */
#define NSLOTS		64
#define SLOTVA		(0x0ffff000 - NSLOTS * PGSIZE)

/*
 * A client's request, from its arrival until its reply.  The client's
 * page stays mapped at page (one of the NSLOTS slots) until then: the
 * answers of ACCEPT and RECV are written into it.  The arguments are
 * copied out on arrival, since the client shares the page and may change
 * it; only SEND's data is read from the page, as it is queued.
 */
struct request {
	bool busy;		/* slot in use */
	envid_t client;
	uint32_t type;		/* NSREQ_* */
	union Nsipc *page;
	int sockid;
	int len;		/* RECV: most bytes wanted; SEND: bytes to send */
	int done;		/* SEND: bytes queued so far */
	socklen_t addrlen;	/* ACCEPT: room for the peer's address */
	uint32_t seq;		/* once parked: its order (0 until then) */
};

/* Answer from a request handler: the request waits (its page stays).
 * No answer to a client is ever this (errors are above -MAXERROR). */
#define PARKED	(-MAXERROR - 1)

/* net/serv.c */
extern struct request requests[NSLOTS];
void request_finish(struct request *req, int result);

/* net/tcpsock.c */
int sock_request(struct request *req);
void sock_retry(int sockid);

/* net/jif.c */
void jif_setup(envid_t output_env);
void jif_input(struct jif_pkt *pkt);

#endif
