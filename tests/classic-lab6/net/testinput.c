// net/testinput.c the way classic lab-6 trees have it: the ARP frame is
// built with lwIP 1.x's struct etharp_hdr from <netif/etharp.h>, the
// addresses come from inet_addr(), and the dump is a hand-rolled hex
// printer.  classic_grade_script_lab6 builds it in place of ours.
#include "ns.h"
#include <netif/etharp.h>

static envid_t output_envid;
static envid_t input_envid;

static struct jif_pkt *pkt = (struct jif_pkt*)REQVA;


static void
announce(void)
{
	// Tell the gateway who we are by asking it who it is.
	uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	uint32_t myip = inet_addr(IP);
	uint32_t gwip = inet_addr(DEFAULT);
	int r;

	if ((r = sys_page_alloc(0, pkt, PTE_P|PTE_U|PTE_W)) < 0)
		panic("sys_page_map: %e", r);

	struct etharp_hdr *arp = (struct etharp_hdr*)pkt->jp_data;
	pkt->jp_len = sizeof(*arp);

	memset(arp->ethhdr.dest.addr, 0xff, ETHARP_HWADDR_LEN);
	memcpy(arp->ethhdr.src.addr,  mac,  ETHARP_HWADDR_LEN);
	arp->ethhdr.type = htons(ETHTYPE_ARP);
	arp->hwtype = htons(1);
	arp->proto = htons(ETHTYPE_IP);
	arp->_hwlen_protolen = htons((ETHARP_HWADDR_LEN << 8) | 4);
	arp->opcode = htons(ARP_REQUEST);
	memcpy(arp->shwaddr.addr,  mac,   ETHARP_HWADDR_LEN);
	memcpy(arp->sipaddr.addrw, &myip, 4);
	memset(arp->dhwaddr.addr,  0x00,  ETHARP_HWADDR_LEN);
	memcpy(arp->dipaddr.addrw, &gwip, 4);

	ipc_send(output_envid, NSREQ_OUTPUT, pkt, PTE_P|PTE_W|PTE_U);
	sys_page_unmap(0, pkt);
}

static void
hexdump(const char *prefix, const void *data, int len)
{
	const uint8_t *bytes = data;
	int row, i;

	for (row = 0; row < len; row += 16) {
		cprintf("%s%04x   ", prefix, row);
		for (i = row; i < row + 16 && i < len; i++) {
			cprintf("%02x", bytes[i]);
			if (i == row + 15 || i == len - 1)
				break;
			if (i % 2 == 1)
				cprintf(i % 16 == 7 ? "  " : " ");
		}
		cprintf("\n");
	}
}

void
umain(int argc, char **argv)
{
	envid_t ns_envid = sys_getenvid();
	int i, r, first = 1;

	binaryname = "testinput";

	output_envid = fork();
	if (output_envid < 0)
		panic("error forking");
	else if (output_envid == 0) {
		output(ns_envid);
		return;
	}

	input_envid = fork();
	if (input_envid < 0)
		panic("error forking");
	else if (input_envid == 0) {
		input(ns_envid);
		return;
	}

	cprintf("Sending ARP announcement...\n");
	announce();

	while (1) {
		envid_t whom;
		int perm;

		int32_t req = ipc_recv((int32_t *)&whom, pkt, &perm);
		if (req < 0)
			panic("ipc_recv: %e", req);
		if (whom != input_envid)
			panic("IPC from unexpected environment %08x", whom);
		if (req != NSREQ_INPUT)
			panic("Unexpected IPC %d", req);

		hexdump("input: ", pkt->jp_data, pkt->jp_len);
		cprintf("\n");

		// the first frame is the gateway's ARP reply
		if (first)
			cprintf("Waiting for packets...\n");
		first = 0;
	}
}
