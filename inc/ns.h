/*
 * The network server's IPC protocol (contract: jos-contract-lab6.md, 6).
 * A client writes a request into a page, sends it with the request code
 * as the IPC value and waits; the answer is the reply's IPC value, and
 * ACCEPT and RECV also write their results back into the same page.  The
 * server's helper envs use the same page layout for frames (struct
 * jif_pkt) and timer ticks.
 */
#ifndef JOS_INC_NS_H
#define JOS_INC_NS_H

#include <inc/types.h>
#include <inc/mmu.h>
#include <inc/socket.h>

/* A frame travelling between the server and its input and output envs. */
struct jif_pkt {
	int jp_len;
	char jp_data[0];
};

/* Requests to the server: one union, exactly a page. */
union Nsipc {
	struct Nsreq_accept {
		int req_s;
		socklen_t req_addrlen;
	} accept;
	struct Nsret_accept {
		struct sockaddr ret_addr;
		socklen_t ret_addrlen;
	} acceptRet;
	struct Nsreq_bind {
		int req_s;
		struct sockaddr req_name;
		socklen_t req_namelen;
	} bind;
	struct Nsreq_shutdown {
		int req_s;
		int req_how;
	} shutdown;
	struct Nsreq_close {
		int req_s;
	} close;
	struct Nsreq_connect {
		int req_s;
		struct sockaddr req_name;
		socklen_t req_namelen;
	} connect;
	struct Nsreq_listen {
		int req_s;
		int req_backlog;
	} listen;
	struct Nsreq_recv {
		int req_s;
		int req_len;
		unsigned int req_flags;
	} recv;
	struct Nsret_recv {
		char ret_buf[0];
	} recvRet;
	struct Nsreq_send {
		int req_s;
		int req_size;
		unsigned int req_flags;
		char req_buf[0];
	} send;
	struct Nsreq_socket {
		int req_domain;
		int req_type;
		int req_protocol;
	} socket;
	struct jif_pkt pkt;

	char _pad[PGSIZE];
};

/* Request codes: the IPC value of a request. */
enum {
	NSREQ_ACCEPT = 1,
	NSREQ_BIND,
	NSREQ_SHUTDOWN,
	NSREQ_CLOSE,
	NSREQ_CONNECT,
	NSREQ_LISTEN,
	NSREQ_RECV,
	NSREQ_SEND,
	NSREQ_SOCKET,

	NSREQ_INPUT,	/* input env -> server: a received frame; no reply */
	NSREQ_OUTPUT,	/* server -> output env: a frame to send; no reply */
	NSREQ_TIMER,	/* timer env -> server, no page; the reply is the
			 * number of ms until the next tick */
};

/* The most bytes one RECV returns: fewer than 1600, which the classic
 * client library asserts. */
#define NSIPC_MAX_RECV	1536
/* The most bytes one SEND carries: the rest of the page. */
#define NSIPC_MAX_SEND	(PGSIZE - (int) sizeof(struct Nsreq_send))

#endif
