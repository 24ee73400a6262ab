/* The control connection of the network tests: see netctl.h. */
#include <inc/lib.h>
#include <lwip/sockets.h>
#include "netctl.h"

/* Read one order (up to its newline) from sock into buf. */
static void
read_order(int sock, char *buf, int size)
{
	int len = 0, n;

	while (len < size - 1 && (n = read(sock, buf + len, 1)) == 1 &&
	       buf[len] != '\n')
		len++;
	buf[len] = '\0';
}

static int
listen_on(int port)
{
	struct sockaddr_in addr = {0};
	int s, r;

	if ((s = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
		panic("netctl: socket: %e", s);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons(port);
	if ((r = bind(s, (struct sockaddr *) &addr, sizeof addr)) < 0 ||
	    (r = listen(s, 1)) < 0)
		panic("netctl: port %d: %e", port, r);
	return s;
}

void
netctl(const char *prog, int port)
{
	int ctl = listen_on(port), r;

	if ((r = spawnl(prog, prog, (char *) 0)) < 0)
		panic("netctl: spawn %s: %e", prog, r);
	cprintf("netctl: %s running, orders on port %d\n", prog, port);
	for (;;) {
		char order[32];
		int c = accept(ctl, NULL, NULL);

		if (c < 0)
			panic("netctl: accept: %e", c);
		read_order(c, order, sizeof order);
		if (strcmp(order, "pages") == 0) {
			cprintf("netctl: %d free pages\n",
				jos_sys_page_free_count());
		} else if (strcmp(order, "done") == 0) {
			cprintf("netctl: done\n");
			close(c);
			return;
		} else {
			cprintf("netctl: unknown order\n");
		}
		write(c, "ok\n", 3);
		close(c);
	}
}
