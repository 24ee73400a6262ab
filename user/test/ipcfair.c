/*
 * ipcfair: a server busy with one client that sends by blocking
 * (ipc_send_blocking) must still serve the clients that send the classic
 * way (ipc_send, retrying with sys_yield), each in its turn.  The parent
 * is an echo server; it forks the blocking client first, then NPOLL
 * polling clients, and each client asks and waits for the answer over
 * and over.  Once the blocking client has made NREQ requests the server
 * prints how many each client made and kills them all:
 *
 *	ipcfair: blocking client: 200 requests
 *	ipcfair: polling client 0: 199 requests
 *	...
 */
#include <inc/lib.h>

#define NPOLL	4
#define NREQ	200

/* Ask server for ever, sending as blocking says. */
static void
client(envid_t server, bool blocking)
{
	uint32_t i;

	for (i = 0;; i++) {
		if (blocking)
			ipc_send_blocking(server, i, 0, 0);
		else
			ipc_send(server, i, 0, 0);
		if (ipc_recv(0, 0, 0) != (int32_t) i)
			panic("ipcfair: wrong answer");
	}
}

void
umain(int argc, char **argv)
{
	envid_t ids[NPOLL + 1], server = sys_getenvid(), from;
	int requests[NPOLL + 1] = { 0 };
	int i, value;

	for (i = 0; i <= NPOLL; i++) {
		if ((ids[i] = fork()) < 0)
			panic("fork: %e", ids[i]);
		if (ids[i] == 0)
			client(server, i == 0);
	}
	while (requests[0] < NREQ) {
		value = ipc_recv(&from, 0, 0);
		for (i = 0; i <= NPOLL && ids[i] != from; i++)
			;
		if (i > NPOLL)
			panic("ipcfair: a message from %08x", from);
		requests[i]++;
		ipc_send(from, value, 0, 0);
	}
	cprintf("ipcfair: blocking client: %d requests\n", requests[0]);
	for (i = 1; i <= NPOLL; i++)
		cprintf("ipcfair: polling client %d: %d requests\n", i - 1,
			requests[i]);
	for (i = 0; i <= NPOLL; i++)
		sys_env_destroy(ids[i]);
}
