/* Sends TESTOUTPUT_COUNT frames "Packet NN" through the output helper,
 * as the network server would: each must leave the card once, in order. */
#include "ns.h"

#ifndef TESTOUTPUT_COUNT
#define TESTOUTPUT_COUNT 10
#endif

void
umain(int argc, char **argv)
{
	struct jif_pkt *pkt = (struct jif_pkt *) REQVA;
	envid_t self = sys_getenvid(), out;
	int i, r;

	binaryname = "testoutput";
	if ((out = fork()) < 0)
		panic("fork: %e", out);
	if (out == 0) {
		output(self);
		return;
	}
	for (i = 0; i < TESTOUTPUT_COUNT; i++) {
		if ((r = sys_page_alloc(0, pkt, PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
		pkt->jp_len = snprintf(pkt->jp_data, PGSIZE - sizeof(*pkt),
				       "Packet %02d", i);
		cprintf("Transmitting packet %d\n", i);
		ipc_send(out, NSREQ_OUTPUT, pkt, PTE_P | PTE_U | PTE_W);
		sys_page_unmap(0, pkt);
	}
	/* Let the helper send the last frame before we go. */
	for (i = 0; i < 2 * TESTOUTPUT_COUNT; i++)
		sys_yield();
}
