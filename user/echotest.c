/*
 * echotest [ADDRESS [PORT]]: a TCP echo client.  Connects to ADDRESS
 * (default 10.0.2.15, our own address) on PORT (default 10000), sends one
 * line and prints what comes back as "Received: ...".
 */
#include <inc/lib.h>
#include <lwip/sockets.h>
#include <lwip/inet.h>

#define MESSAGE		"Hello world!\n"

static void
die(const char *why, int r)
{
	cprintf("%s: %e\n", why, r);
	exit();
}

void
umain(int argc, char **argv)
{
	const char *ip = argc > 1 ? argv[1] : "10.0.2.15";
	int port = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
	struct sockaddr_in server = {0};
	char buf[sizeof MESSAGE];
	int sock, r, got;

	cprintf("Connecting to:\n");
	cprintf("\tip address %s = %x\n", ip, inet_addr(ip));

	if ((sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
		die("Failed to create socket", sock);
	cprintf("opened socket\n");

	server.sin_family = AF_INET;
	server.sin_addr.s_addr = inet_addr(ip);
	server.sin_port = htons(port);
	cprintf("trying to connect to server\n");
	if ((r = connect(sock, (struct sockaddr *) &server, sizeof server)) < 0)
		die("Failed to connect with server", r);
	cprintf("connected to server\n");

	if ((r = write(sock, MESSAGE, strlen(MESSAGE))) != strlen(MESSAGE))
		die("Mismatch in number of sent bytes", r < 0 ? r : -E_UNSPECIFIED);

	cprintf("Received: ");
	for (got = 0; got < strlen(MESSAGE); got += r) {
		if ((r = read(sock, buf, sizeof buf - 1)) <= 0)
			die("Failed to receive bytes from server",
			    r < 0 ? r : -E_EOF);
		buf[r] = '\0';
		cprintf("%s", buf);
	}
	close(sock);
}
