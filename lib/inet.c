/* Byte order and dotted-quad IPv4 addresses, for socket programs
 * (inc/socket.h). */
#include <inc/lib.h>

u16_t
htons(u16_t x)
{
	return (u16_t) ((x << 8) | (x >> 8));
}

u16_t
ntohs(u16_t x)
{
	return htons(x);
}

u32_t
htonl(u32_t x)
{
	return (x << 24) | ((x & 0xff00) << 8) | ((x >> 8) & 0xff00) | (x >> 24);
}

u32_t
ntohl(u32_t x)
{
	return htonl(x);
}

/* Parse a number of the given base (8, 10 or 16) from *cp, moving *cp
 * past it.  Returns 0 and the value in *v, or -1 if there are no digits
 * or the value overflows 32 bits. */
static int
parse_part(const char **cp, int base, uint32_t *v)
{
	uint64_t n = 0;
	int digits = 0;

	for (;; (*cp)++, digits++) {
		char c = **cp;
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base || (n = n * base + d) > 0xffffffffULL)
			return -1;
	}
	*v = n;
	return digits ? 0 : -1;
}

/*
 * Parse an IPv4 address in the classic inet_aton forms: a.b.c.d, a.b.c
 * (c 16 bits), a.b (b 24 bits) or a (32 bits), each part decimal, octal
 * (0...) or hexadecimal (0x...).  Returns 1 and the address (network
 * order) in *addr, if addr is not NULL, or 0 if cp is not one.
 */
int
inet_aton(const char *cp, struct in_addr *addr)
{
	uint32_t part[4], val;
	int n = 0;

	for (;;) {
		int base = 10;

		if (*cp == '0') {
			base = 8;
			if (cp[1] == 'x' || cp[1] == 'X') {
				base = 16;
				cp += 2;
			}
		}
		if (base == 8 && !(cp[1] >= '0' && cp[1] <= '9')) {
			part[n] = 0;	/* a lone 0 */
			cp++;
		} else if (parse_part(&cp, base, &part[n]) < 0) {
			return 0;
		}
		n++;
		if (*cp != '.')
			break;
		if (n == 4)
			return 0;
		cp++;
	}
	if (*cp != '\0' && *cp != ' ' && *cp != '\t' && *cp != '\n')
		return 0;
	/* The last part fills the bits the others leave. */
	val = part[n - 1];
	if (val > 0xffffffffU >> (8 * (n - 1)))
		return 0;
	for (int i = 0; i < n - 1; i++) {
		if (part[i] > 0xff)
			return 0;
		val |= part[i] << (24 - 8 * i);
	}
	if (addr)
		addr->s_addr = htonl(val);
	return 1;
}

/* The address cp names (network order), or INADDR_NONE. */
in_addr_t
inet_addr(const char *cp)
{
	struct in_addr a;

	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

/* "a.b.c.d" for in, in a buffer that the next call overwrites. */
char *
inet_ntoa(struct in_addr in)
{
	static char buf[sizeof "255.255.255.255"];
	uint32_t a = ntohl(in.s_addr);

	snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
		 (a >> 8) & 0xff, a & 0xff);
	return buf;
}
