/* The input helper env: hands every received frame to the network
 * server. */
#include "ns.h"

/*
 * Receive each frame from the card into a fresh page (a struct jif_pkt)
 * and send it to ns_envid as NSREQ_INPUT, polling while none has
 * arrived.  A fresh page each time, since the server may still be
 * reading the last one.  Never returns.
 */
void
input(envid_t ns_envid)
{
	binaryname = "ns_input";

	/* LAB 6: in a loop, map a new page, receive a frame into it with
	 * the receive system call (yielding while there is none), and
	 * send the page to the network server. */
	struct jif_pkt *pkt = (struct jif_pkt *) REQVA;
	int r;

	for (;;) {
		if ((r = sys_page_alloc(0, pkt, PTE_P | PTE_U | PTE_W)) < 0)
			panic("ns_input: sys_page_alloc: %e", r);
		while ((r = sys_net_try_recv(pkt->jp_data,
					     PGSIZE - sizeof(*pkt))) == -E_AGAIN)
			sys_yield();
		if (r < 0)
			panic("ns_input: sys_net_try_recv: %e", r);
		pkt->jp_len = r;
		ipc_send(ns_envid, NSREQ_INPUT, pkt, PTE_P | PTE_U | PTE_W);
	}
	/* END LAB 6 */
}
