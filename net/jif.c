/*
 * The server's network interface for lwIP: frames out go to the output
 * env, one page each; frames in come from the input env (net/serv.c hands
 * them to jif_input).  Our address is static (net/ns.h), and ARP is
 * lwIP's own (etharp).
 */
#include "serv.h"
#include <lwip/netif.h>
#include <lwip/etharp.h>
#include <lwip/pbuf.h>
#include <netif/ethernet.h>

/* Where an outgoing frame is built, a fresh page each time: the output
 * env may still be reading the last one. */
#define OUTVA	((struct jif_pkt *) 0x10000000)

/* The largest frame without its CRC. */
#define MAX_FRAME	1514

static struct netif jif;
static envid_t output_env;
static const uint8_t mac[ETH_HWADDR_LEN] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

/* lwIP's linkoutput: send frame p to the output env. */
static err_t
jif_linkoutput(struct netif *netif, struct pbuf *p)
{
	if (p->tot_len > MAX_FRAME)
		return ERR_BUF;
	if (sys_page_alloc(0, OUTVA, PTE_P | PTE_U | PTE_W) < 0)
		return ERR_MEM;
	OUTVA->jp_len = pbuf_copy_partial(p, OUTVA->jp_data, p->tot_len, 0);
	ipc_send(output_env, NSREQ_OUTPUT, OUTVA, PTE_P | PTE_U | PTE_W);
	sys_page_unmap(0, OUTVA);
	return ERR_OK;
}

static err_t
jif_init(struct netif *netif)
{
	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->mtu = 1500;
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memmove(netif->hwaddr, mac, ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET;
	netif->output = etharp_output;
	netif->linkoutput = jif_linkoutput;
	return ERR_OK;
}

/* Bring our interface up, sending frames through output env out. */
void
jif_setup(envid_t out)
{
	ip4_addr_t ip, mask, gw;

	output_env = out;
	ip4addr_aton(IP, &ip);
	ip4addr_aton(MASK, &mask);
	ip4addr_aton(DEFAULT, &gw);
	if (!netif_add(&jif, &ip, &mask, &gw, NULL, jif_init, ethernet_input))
		panic("ns: netif_add failed");
	netif_set_default(&jif);
	netif_set_up(&jif);
	netif_set_link_up(&jif);
	cprintf("ns: %02x:%02x:%02x:%02x:%02x:%02x bound to static IP %s\n",
		mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], IP);
}

/* A frame from the input env: hand a copy to lwIP.  Frames that do not
 * fit, or find no buffer, are dropped (TCP sends them again). */
void
jif_input(struct jif_pkt *pkt)
{
	struct pbuf *p;
	int len = pkt->jp_len;

	if (len <= 0 || len > MAX_FRAME)
		return;
	if ((p = pbuf_alloc(PBUF_RAW, len, PBUF_POOL)) == NULL)
		return;
	pbuf_take(p, pkt->jp_data, len);
	if (jif.input(p, &jif) != ERR_OK)
		pbuf_free(p);
}
