/* The network server's IPC protocol (lab 6): request codes, and the page
 * a request travels in.  The kernel's card and the helper envs of net/
 * exchange whole Ethernet frames as struct jif_pkt pages. */
#ifndef JOS_INC_NS_H
#define JOS_INC_NS_H

#include <inc/types.h>
#include <inc/mmu.h>

/* IPC values of the requests to and from the network server. */
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
	/* A frame from the input helper to the server; no reply. */
	NSREQ_INPUT,
	/* A frame from the server to the output helper; no reply. */
	NSREQ_OUTPUT,
	/* A tick from the timer helper; the reply is the ms to the next. */
	NSREQ_TIMER,
};

/* A whole Ethernet frame (no CRC), jp_len bytes, at the start of a
 * page. */
struct jif_pkt {
	int jp_len;
	char jp_data[0];
};

/* A request page.  The socket calls' members join pkt here. */
union Nsipc {
	struct jif_pkt pkt;
	char _pad[PGSIZE];
};

#endif
