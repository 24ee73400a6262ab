/*
 * lwIP's options for the network server (the defaults are in lwIP's
 * src/include/lwip/opt.h).  The server runs lwIP without an operating
 * system layer (NO_SYS): one env, one event loop, the raw TCP API, no
 * threads and no locks (net/serv.c).
 */
#ifndef JOS_NET_LWIPOPTS_H
#define JOS_NET_LWIPOPTS_H

#define NO_SYS				1
#define SYS_LIGHTWEIGHT_PROT		0
#define LWIP_SOCKET			0
#define LWIP_NETCONN			0
#define LWIP_COMPAT_SOCKETS		0
#define LWIP_POSIX_SOCKETS_IO_NAMES	0

#define LWIP_IPV4			1
#define LWIP_IPV6			0
#define LWIP_ARP			1
#define LWIP_ETHERNET			1
#define LWIP_ICMP			1
#define LWIP_UDP			1
#define LWIP_TCP			1
#define LWIP_RAW			0
#define LWIP_DHCP			0
#define LWIP_AUTOIP			0
#define LWIP_IGMP			0
#define LWIP_DNS			0
#define LWIP_STATS			0
#define LWIP_NETIF_LOOPBACK		1	/* our own address, 10.0.2.15 */

/* inc/socket.h is the one definition of htons and friends. */
#define LWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS	1

#define MEM_ALIGNMENT			4
#define MEM_SIZE			(256 * 1024)
#define PBUF_POOL_SIZE			256
#define MEMP_NUM_PBUF			64
#define MEMP_NUM_TCP_PCB		64
#define MEMP_NUM_TCP_PCB_LISTEN		16
#define MEMP_NUM_UDP_PCB		8

#define TCP_MSS				1460
#define TCP_WND				(16 * TCP_MSS)
#define TCP_SND_BUF			(16 * TCP_MSS)
#define TCP_SND_QUEUELEN		(4 * TCP_SND_BUF / TCP_MSS)
#define MEMP_NUM_TCP_SEG		(2 * TCP_SND_QUEUELEN)
#define TCP_LISTEN_BACKLOG		0	/* net/tcpsock.c keeps its own */

/* A connection we closed first waits 2 * TCP_MSL in TIME_WAIT, and lwIP
 * answers a SYN for it with an ACK, not as a new connection.  QEMU's
 * user-mode network gives a forwarded connection the host client's own
 * port, which Linux reuses on loopback a second after it is closed: with
 * lwIP's 2 * 60 s, such a client's SYNs were refused for two minutes
 * (httpd_bad_input's 20 clients at once, now and then).  Two seconds
 * outlast any segment still on the emulated wire. */
#define TCP_MSL				1000

#define LWIP_NETIF_LINK_CALLBACK	0
#define LWIP_NETIF_STATUS_CALLBACK	0

#endif
