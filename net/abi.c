/*
 * A compile-time check that the socket names user programs get from
 * inc/socket.h have lwIP 2.1.3's own values and layouts (contract 0.4),
 * so that socket addresses pass between them unconverted.  Nothing here
 * runs.
 *
 * Both headers name the same things, so ours is read first under other
 * names: its types renamed, its constants saved in an enum and then
 * undefined, before lwIP's sockets.h (built as if the socket API were
 * on, which it is not in the server) defines them again.
 */
#define sockaddr	jos_sockaddr
#define sockaddr_in	jos_sockaddr_in
#define in_addr		jos_in_addr
#define sa_family_t	jos_sa_family_t
#define in_port_t	jos_in_port_t
#define in_addr_t	jos_in_addr_t
#define socklen_t	jos_socklen_t
#include <inc/socket.h>

#define CONSTANTS(X) \
	X(AF_UNSPEC) X(AF_INET) X(PF_INET) X(PF_UNSPEC) \
	X(SOCK_STREAM) X(SOCK_DGRAM) X(SOCK_RAW) \
	X(IPPROTO_IP) X(IPPROTO_ICMP) X(IPPROTO_TCP) X(IPPROTO_UDP) \
	X(INADDR_ANY) X(INADDR_NONE) X(INADDR_LOOPBACK) X(INADDR_BROADCAST) \
	X(MSG_PEEK) X(MSG_WAITALL) X(MSG_OOB) X(MSG_DONTWAIT) X(MSG_MORE) \
	X(SOL_SOCKET) X(SO_REUSEADDR) X(SO_KEEPALIVE) X(TCP_NODELAY) \
	X(SHUT_RD) X(SHUT_WR) X(SHUT_RDWR) X(FIONBIO)

#define SAVE(name)	jos_##name = (int) (name),
enum { CONSTANTS(SAVE) };

#undef AF_UNSPEC
#undef AF_INET
#undef PF_INET
#undef PF_UNSPEC
#undef SOCK_STREAM
#undef SOCK_DGRAM
#undef SOCK_RAW
#undef IPPROTO_IP
#undef IPPROTO_ICMP
#undef IPPROTO_TCP
#undef IPPROTO_UDP
#undef INADDR_ANY
#undef INADDR_NONE
#undef INADDR_LOOPBACK
#undef INADDR_BROADCAST
#undef MSG_PEEK
#undef MSG_WAITALL
#undef MSG_OOB
#undef MSG_DONTWAIT
#undef MSG_MORE
#undef SOL_SOCKET
#undef SO_REUSEADDR
#undef SO_KEEPALIVE
#undef TCP_NODELAY
#undef SHUT_RD
#undef SHUT_WR
#undef SHUT_RDWR
#undef FIONBIO
#undef sockaddr
#undef sockaddr_in
#undef in_addr
#undef sa_family_t
#undef in_port_t
#undef in_addr_t
#undef socklen_t

#include "lwipopts.h"
#undef LWIP_SOCKET
#define LWIP_SOCKET 1
#include <lwip/sockets.h>
#include <lwip/inet.h>

#define CHECK(name) \
	_Static_assert(jos_##name == (int) (name), #name " differs from lwIP's");
CONSTANTS(CHECK)

#define SAME_FIELD(type, field) \
	_Static_assert(offsetof(struct jos_##type, field) == \
		       offsetof(struct type, field) && \
		       sizeof(((struct jos_##type *) 0)->field) == \
		       sizeof(((struct type *) 0)->field), \
		       #type "." #field " differs from lwIP's");
#define SAME_SIZE(ours, theirs) \
	_Static_assert(sizeof(ours) == sizeof(theirs), \
		       #theirs " differs from lwIP's");

SAME_FIELD(sockaddr, sa_len)
SAME_FIELD(sockaddr, sa_family)
SAME_FIELD(sockaddr, sa_data)
SAME_FIELD(sockaddr_in, sin_len)
SAME_FIELD(sockaddr_in, sin_family)
SAME_FIELD(sockaddr_in, sin_port)
SAME_FIELD(sockaddr_in, sin_addr)
SAME_FIELD(sockaddr_in, sin_zero)
SAME_FIELD(in_addr, s_addr)
SAME_SIZE(struct jos_sockaddr, struct sockaddr)
SAME_SIZE(struct jos_sockaddr_in, struct sockaddr_in)
SAME_SIZE(struct jos_in_addr, struct in_addr)
SAME_SIZE(jos_socklen_t, socklen_t)
SAME_SIZE(jos_sa_family_t, sa_family_t)
SAME_SIZE(jos_in_port_t, in_port_t)
SAME_SIZE(jos_in_addr_t, in_addr_t)
