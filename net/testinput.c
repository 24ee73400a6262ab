/* Announces itself by ARP through the output helper, then dumps every
 * frame the input helper delivers, as the network server would get them. */
#include "ns.h"

/* Our MAC address and IP (10.0.2.15), and the gateway's IP (10.0.2.2). */
static const uint8_t our_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t our_ip[4] = { 10, 0, 2, 15 };
static const uint8_t gateway_ip[4] = { 10, 0, 2, 2 };

/* An Ethernet header and an ARP packet for IPv4: 42 bytes. */
struct arp_frame {
	uint8_t dst[6], src[6];
	uint8_t ethertype[2];
	uint8_t htype[2], ptype[2];
	uint8_t hlen, plen;
	uint8_t oper[2];
	uint8_t sha[6], spa[4], tha[6], tpa[4];
} __attribute__((packed));

static envid_t output_envid, input_envid;

/* Broadcast an ARP request for the gateway's address, from ours. */
static void
announce(void)
{
	struct jif_pkt *pkt = (struct jif_pkt *) REQVA;
	struct arp_frame *f = (struct arp_frame *) pkt->jp_data;
	int r;

	if ((r = sys_page_alloc(0, pkt, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	memset(f->dst, 0xff, sizeof(f->dst));
	memcpy(f->src, our_mac, sizeof(our_mac));
	f->ethertype[0] = 0x08, f->ethertype[1] = 0x06;	/* ARP */
	f->htype[0] = 0, f->htype[1] = 1;		/* Ethernet */
	f->ptype[0] = 0x08, f->ptype[1] = 0x00;		/* IPv4 */
	f->hlen = sizeof(f->sha);
	f->plen = sizeof(f->spa);
	f->oper[0] = 0, f->oper[1] = 1;			/* request */
	memcpy(f->sha, our_mac, sizeof(our_mac));
	memcpy(f->spa, our_ip, sizeof(our_ip));
	memset(f->tha, 0, sizeof(f->tha));
	memcpy(f->tpa, gateway_ip, sizeof(gateway_ip));
	pkt->jp_len = sizeof(*f);
	ipc_send(output_envid, NSREQ_OUTPUT, pkt, PTE_P | PTE_U | PTE_W);
	sys_page_unmap(0, pkt);
}

/* Print len bytes at data as rows of 16: PREFIX, the offset, three
 * spaces, then hex pairs in groups of two bytes, one more space after
 * the eighth byte.  One cprintf per row, so rows stay whole. */
static void
hexdump(const char *prefix, const uint8_t *data, int len)
{
	char row[80];
	int at, i, n;

	for (at = 0; at < len; at += 16) {
		n = snprintf(row, sizeof(row), "%s%04x   ", prefix, at);
		for (i = at; i < len && i < at + 16; i++) {
			n += snprintf(row + n, sizeof(row) - n, "%02x", data[i]);
			if (i + 1 < len && i + 1 < at + 16 && i % 2 == 1)
				n += snprintf(row + n, sizeof(row) - n,
					      i % 16 == 7 ? "  " : " ");
		}
		cprintf("%s\n", row);
	}
}

void
umain(int argc, char **argv)
{
	struct jif_pkt *pkt = (struct jif_pkt *) REQVA;
	envid_t self = sys_getenvid(), whom;
	bool first = true;
	int32_t req;
	int perm;

	binaryname = "testinput";
	if ((output_envid = fork()) < 0)
		panic("fork: %e", output_envid);
	if (output_envid == 0) {
		output(self);
		return;
	}
	if ((input_envid = fork()) < 0)
		panic("fork: %e", input_envid);
	if (input_envid == 0) {
		input(self);
		return;
	}

	cprintf("Sending ARP announcement...\n");
	announce();

	for (;;) {
		req = ipc_recv(&whom, pkt, &perm);
		if (whom != input_envid)
			panic("IPC from unexpected environment %08x", whom);
		if (req != NSREQ_INPUT)
			panic("Unexpected IPC %d", req);
		hexdump("input: ", (uint8_t *) pkt->jp_data, pkt->jp_len);
		cprintf("\n");
		if (first)
			cprintf("Waiting for packets...\n");
		first = false;
	}
}
