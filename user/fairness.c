/*
 * fairness: a busy sender must not starve its receiver.  The child
 * receives NMSG messages, printing "%x recv from %x" for each; the parent
 * prints "%x loop sending to %x" and retries sys_ipc_try_send without ever
 * yielding, so on one CPU the receiver only runs when the timer preempts
 * the sender.  Both exit when all messages are through.
 */
#include <inc/lib.h>

#define NMSG	10

void
umain(int argc, char **argv)
{
	envid_t me = sys_getenvid(), child, who;
	int i, r;

	if ((child = fork()) < 0)
		panic("fork: %e", child);

	if (child == 0) {
		me = sys_getenvid();
		for (i = 0; i < NMSG; i++) {
			ipc_recv(&who, 0, 0);
			cprintf("%x recv from %x\n", me, who);
		}
		return;
	}

	cprintf("%x loop sending to %x\n", me, child);
	for (i = 0; i < NMSG; i++) {
		/* The system call takes UTOP, not NULL, for "no page". */
		while ((r = sys_ipc_try_send(child, i, (void *) UTOP, 0))
		       == -E_IPC_NOT_RECV)
			continue;
		if (r < 0)
			panic("sys_ipc_try_send: %e", r);
	}
}
