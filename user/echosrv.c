/*
 * echosrv: a TCP echo server on port 7.  It serves one client at a time,
 * sending back every byte it reads until the client closes, then waits
 * for the next.  Prints "bound" once it listens (the grader connects on
 * that line) and "Client connected: ADDRESS" for each client.
 */
#include <inc/lib.h>
#include <lwip/sockets.h>
#include <lwip/inet.h>

#define PORT		7
#define BACKLOG		5
#define BUFSIZE		NSIPC_MAX_RECV

/* Print why and end the program. */
static void
die(const char *why, int r)
{
	cprintf("%s: %e\n", why, r);
	exit();
}

/* Echo everything sock sends until it closes; then close it. */
static void
echo_client(int sock)
{
	static char buf[BUFSIZE];
	int n;

	while ((n = read(sock, buf, sizeof buf)) > 0) {
		int w = write(sock, buf, n);

		if (w != n) {
			cprintf("Failed to send bytes to client: %e\n",
				w < 0 ? w : -E_UNSPECIFIED);
			break;
		}
	}
	if (n < 0)
		cprintf("Failed to receive bytes from client: %e\n", n);
	close(sock);
}

void
umain(int argc, char **argv)
{
	struct sockaddr_in server = {0}, client;
	int serversock, r;

	if ((serversock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
		die("Failed to create socket", serversock);
	cprintf("opened socket\n");

	server.sin_family = AF_INET;
	server.sin_addr.s_addr = htonl(INADDR_ANY);
	server.sin_port = htons(PORT);
	cprintf("trying to bind\n");
	if ((r = bind(serversock, (struct sockaddr *) &server,
		      sizeof server)) < 0)
		die("Failed to bind the server socket", r);
	if ((r = listen(serversock, BACKLOG)) < 0)
		die("Failed to listen on server socket", r);
	cprintf("bound\n");

	for (;;) {
		socklen_t len = sizeof client;
		int sock = accept(serversock, (struct sockaddr *) &client, &len);

		if (sock < 0)
			die("Failed to accept client connection", sock);
		cprintf("Client connected: %s\n", inet_ntoa(client.sin_addr));
		echo_client(sock);
	}
}
