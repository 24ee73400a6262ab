/*
 * Sockets as user programs see them: the names, values and layouts of
 * lwIP 2.1.3's BSD socket headers (lwip/sockets.h, lwip/inet.h), written
 * out here so that no user program needs lwIP's source to compile.  The
 * network server checks at compile time that they match lwIP's own
 * (net/abi.c).  The open modes O_* are inc/lib.h's, never defined here.
 */
#ifndef JOS_INC_SOCKET_H
#define JOS_INC_SOCKET_H

#include <inc/types.h>

typedef uint8_t u8_t;
typedef uint16_t u16_t;
typedef uint32_t u32_t;

typedef u8_t sa_family_t;
typedef u16_t in_port_t;
typedef u32_t in_addr_t;
typedef u32_t socklen_t;

/* An IPv4 address, in network byte order. */
struct in_addr {
	in_addr_t s_addr;
};

/* Any socket address: 16 bytes, its length first (BSD style). */
struct sockaddr {
	u8_t sa_len;
	sa_family_t sa_family;
	char sa_data[14];
};

/* An IPv4 socket address; port and address in network byte order. */
struct sockaddr_in {
	u8_t sin_len;
	sa_family_t sin_family;
	in_port_t sin_port;
	struct in_addr sin_addr;
	char sin_zero[8];
};

#define AF_UNSPEC	0
#define AF_INET		2
#define PF_INET		AF_INET
#define PF_UNSPEC	AF_UNSPEC

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3

#define IPPROTO_IP	0
#define IPPROTO_ICMP	1
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17

#define INADDR_ANY		((u32_t) 0x00000000UL)
#define INADDR_NONE		((u32_t) 0xffffffffUL)
#define INADDR_LOOPBACK		((u32_t) 0x7f000001UL)
#define INADDR_BROADCAST	((u32_t) 0xffffffffUL)

#define MSG_PEEK	0x01
#define MSG_WAITALL	0x02
#define MSG_OOB		0x04
#define MSG_DONTWAIT	0x08
#define MSG_MORE	0x10

#define SOL_SOCKET	0xfff
#define SO_REUSEADDR	0x0004
#define SO_KEEPALIVE	0x0008
#define TCP_NODELAY	0x01

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

#define FIONBIO		0x8004667eUL

/* Byte order: the network's is big-endian, the x86's little. */
u16_t htons(u16_t x);
u16_t ntohs(u16_t x);
u32_t htonl(u32_t x);
u32_t ntohl(u32_t x);

/* lib/inet.c */
in_addr_t inet_addr(const char *cp);
int inet_aton(const char *cp, struct in_addr *addr);
char *inet_ntoa(struct in_addr in);

#endif
