/* The output helper env: transmits the frames the network server sends
 * it. */
#include "ns.h"

/*
 * Take each NSREQ_OUTPUT page from ns_envid (a struct jif_pkt) and
 * transmit its frame, waiting while the card's ring is full.  IPC from
 * anyone else, or of another kind, is reported and dropped.  Never
 * returns.
 */
void
output(envid_t ns_envid)
{
	binaryname = "ns_output";

	/* LAB 6: receive each frame from the network server into a page
	 * and send it with the transmit system call, trying again while
	 * the ring is full. */
	struct jif_pkt *pkt = (struct jif_pkt *) REQVA;
	envid_t whom;
	int32_t req;
	int perm, r;

	for (;;) {
		req = ipc_recv(&whom, pkt, &perm);
		if (whom != ns_envid || req != NSREQ_OUTPUT || !(perm & PTE_P)) {
			cprintf("ns_output: unexpected IPC %d from %08x\n", req,
				whom);
			continue;
		}
		while ((r = sys_net_try_send(pkt->jp_data, pkt->jp_len)) ==
		       -E_AGAIN)
			sys_yield();
		if (r < 0)
			cprintf("ns_output: frame of %d bytes not sent: %e\n",
				pkt->jp_len, r);
	}
	/* END LAB 6 */
}
