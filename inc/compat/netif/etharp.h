/*
 * The Ethernet and ARP frame layouts as lwIP 1.x named them, for classic
 * lab-6 code that includes <netif/etharp.h> (net/testinput.c builds its
 * ARP announcement with them).  Ours, not lwIP's: the network server
 * compiles against lwIP 2.1.3's own headers, where the ARP header no
 * longer carries the Ethernet header and has other field names.
 *
 * Every multi-byte field is in network byte order; the frame is packed,
 * so an ARP request over Ethernet is exactly 42 bytes.
 */
#ifndef JOS_COMPAT_NETIF_ETHARP_H
#define JOS_COMPAT_NETIF_ETHARP_H

#include <inc/types.h>

#define ETHARP_HWADDR_LEN	6

/* EtherType values. */
#define ETHTYPE_IP		0x0800
#define ETHTYPE_ARP		0x0806

/* ARP opcodes. */
#define ARP_REQUEST		1
#define ARP_REPLY		2

struct eth_addr {
	uint8_t addr[ETHARP_HWADDR_LEN];
} __attribute__((packed));

struct eth_hdr {
	struct eth_addr dest;
	struct eth_addr src;
	uint16_t type;
} __attribute__((packed));

/* An IPv4 address as two 16-bit halves: ARP's sender and target
 * addresses sit at offsets that are not 4-byte aligned. */
struct ip_addr2 {
	uint16_t addrw[2];
} __attribute__((packed));

/* An Ethernet frame carrying ARP for IPv4 (hardware length 6, protocol
 * length 4, both in _hwlen_protolen). */
struct etharp_hdr {
	struct eth_hdr ethhdr;
	uint16_t hwtype;
	uint16_t proto;
	uint16_t _hwlen_protolen;
	uint16_t opcode;
	struct eth_addr shwaddr;
	struct ip_addr2 sipaddr;
	struct eth_addr dhwaddr;
	struct ip_addr2 dipaddr;
} __attribute__((packed));

_Static_assert(sizeof(struct eth_hdr) == 14, "an Ethernet header is 14 bytes");
_Static_assert(sizeof(struct etharp_hdr) == 42, "an ARP frame is 42 bytes");

#endif
