/*
 * httpd: an HTTP/1.0 server on port 80 that serves the files of our file
 * system.  "GET /path" sends the file /path (200), or 404 if there is no
 * such file or it is a directory; any other request gets 400 (a line
 * longer than the buffer, 414).  One request per connection.
 *
 * Each connection is served by a child of its own (fork), so that a
 * client that connects and says nothing, or reads slowly, holds up only
 * its own child: the server goes back to accept at once.
 */
#include <inc/lib.h>
#include <lwip/sockets.h>
#include <lwip/inet.h>

#define PORT		80
#define BACKLOG		20
#define REQSIZE		1024	/* the longest request line we take */
#define CHUNK		8192	/* bytes of a file read and sent at a time */

static const char server_header[] = "Server: jhttpd/0.1\r\n";

struct error_page {
	int code;
	const char *reason;
};

static const struct error_page errors[] = {
	{400, "Bad Request"},
	{404, "Not Found"},
	{414, "Request-URI Too Long"},
	{500, "Internal Server Error"},
};

/* Send all n bytes of buf.  Returns 0, or -1 if the client is gone. */
static int
send_all(int sock, const void *buf, size_t n)
{
	return write(sock, buf, n) == (ssize_t) n ? 0 : -1;
}

static void
send_error(int sock, int code)
{
	const struct error_page *e = &errors[ARRAY_SIZE(errors) - 1];
	char body[128], head[256];
	int blen, hlen;

	for (size_t i = 0; i < ARRAY_SIZE(errors); i++)
		if (errors[i].code == code)
			e = &errors[i];
	blen = snprintf(body, sizeof body,
			"<html><body><p>%d - %s</p></body></html>\r\n",
			e->code, e->reason);
	hlen = snprintf(head, sizeof head,
			"HTTP/1.0 %d %s\r\n%sConnection: close\r\n"
			"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n",
			e->code, e->reason, server_header, blen);
	if (send_all(sock, head, hlen) == 0)
		send_all(sock, body, blen);
}

/* The Content-Type for a file name, by its extension. */
static const char *
content_type(const char *path)
{
	static const char *const types[][2] = {
		{".html", "text/html"}, {".htm", "text/html"},
		{".txt", "text/plain"}, {".css", "text/css"},
		{".png", "image/png"}, {".svg", "image/svg+xml"},
	};
	const char *dot = NULL;

	for (const char *p = path; *p; p++)
		if (*p == '.')
			dot = p;
	for (size_t i = 0; dot && i < ARRAY_SIZE(types); i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return dot ? "application/octet-stream" : "text/html";
}

/* Send the file at path with a 200 header, or an error page. */
static void
send_file(int sock, const char *path)
{
	static char buf[CHUNK];
	struct Stat st;
	int fd, n;

	if ((fd = open(path, O_RDONLY)) < 0) {
		send_error(sock, 404);
		return;
	}
	if (fstat(fd, &st) < 0 || st.st_isdir) {
		send_error(sock, 404);
		close(fd);
		return;
	}
	n = snprintf(buf, sizeof buf,
		     "HTTP/1.0 200 OK\r\n%sContent-Length: %d\r\n"
		     "Content-Type: %s\r\n\r\n",
		     server_header, st.st_size, content_type(path));
	if (send_all(sock, buf, n) == 0) {
		while ((n = read(fd, buf, sizeof buf)) > 0)
			if (send_all(sock, buf, n) < 0)
				break;
	}
	close(fd);
}

/* Read the request line into req (NUL-terminated, without its line end).
 * Returns 0, 414 if it does not fit, or 400 if the client stopped before
 * its end or sent a NUL in it. */
static int
read_request_line(int sock, char *req, size_t size)
{
	size_t len = 0;

	while (len < size - 1) {
		int n = read(sock, req + len, size - 1 - len);
		char *end;

		if (n <= 0)
			return 400;
		end = memfind(req + len, '\n', n);
		len += n;
		if (end < req + len) {
			if (end > req && end[-1] == '\r')
				end--;
			*end = '\0';
			return strlen(req) == end - req ? 0 : 400;
		}
	}
	return 414;
}

/* Serve the one request of the client on sock. */
static void
serve(int sock)
{
	static char req[REQSIZE];
	char *path, *end;
	int r;

	if ((r = read_request_line(sock, req, sizeof req)) != 0) {
		send_error(sock, r);
		return;
	}
	if (strncmp(req, "GET ", 4) != 0 || req[4] != '/') {
		send_error(sock, 400);
		return;
	}
	path = req + 4;
	if ((end = strchr(path, ' ')) != NULL)
		*end = '\0';
	if (strlen(path) >= MAXPATHLEN) {
		send_error(sock, 404);
		return;
	}
	send_file(sock, path);
}

static void
die(const char *why, int r)
{
	cprintf("%s: %e\n", why, r);
	exit();
}

void
umain(int argc, char **argv)
{
	struct sockaddr_in server = {0};
	int serversock, r;

	binaryname = "jhttpd";
	if ((serversock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
		die("Failed to create socket", serversock);
	server.sin_family = AF_INET;
	server.sin_addr.s_addr = htonl(INADDR_ANY);
	server.sin_port = htons(PORT);
	if ((r = bind(serversock, (struct sockaddr *) &server,
		      sizeof server)) < 0)
		die("Failed to bind the server socket", r);
	if ((r = listen(serversock, BACKLOG)) < 0)
		die("Failed to listen on server socket", r);
	cprintf("Waiting for http connections...\n");

	for (;;) {
		struct sockaddr_in client;
		socklen_t len = sizeof client;
		int sock = accept(serversock, (struct sockaddr *) &client, &len);
		envid_t child;

		if (sock < 0)
			die("Failed to accept client connection", sock);
		if ((child = fork()) == 0) {
			close(serversock);
			serve(sock);
			close(sock);
			return;
		}
		if (child < 0) {
			/* No env for a child: serve it ourselves. */
			serve(sock);
		}
		close(sock);
	}
}
