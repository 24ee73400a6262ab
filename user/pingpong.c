/*
 * pingpong: two envs pass a counter back and forth by IPC, each adding one,
 * until it reaches 10.  Output: "send 0 from 1000 to 1001", then "1001 got
 * 0 from 1000", "1000 got 1 from 1001", ... "1001 got 10 from 1000".
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t who;
	uint32_t i;

	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who != 0) {
		cprintf("send 0 from %x to %x\n", sys_getenvid(), who);
		ipc_send(who, 0, 0, 0);
	}

	for (;;) {
		i = ipc_recv(&who, 0, 0);
		cprintf("%x got %d from %x\n", sys_getenvid(), i, who);
		if (i == 10)
			return;
		i++;
		ipc_send(who, i, 0, 0);
		if (i == 10)
			return;
	}
}
