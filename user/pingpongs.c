/*
 * pingpongs: pingpong over sfork, where parent and child share their data.
 * The counter is one shared global that each side increments; the IPC
 * messages only pass the turn.  Each side also shows its thisenv, which
 * must differ between the two even though their globals are shared.
 * Output: "i am 00001000; thisenv is 0x...", "send 0 from 1000 to 1001",
 * then "1001 got 0 from 1000 (thisenv is 0x... 1001)", ... up to 10.
 */
#include <inc/lib.h>

/* Shared by parent and child through sfork.  Whoever holds the turn owns
 * it: the other side touches it only after receiving the turn. */
static volatile uint32_t val;

void
umain(int argc, char **argv)
{
	envid_t who;
	uint32_t n;

	if ((who = sfork()) < 0)
		panic("sfork: %e", who);
	if (who != 0) {
		cprintf("i am %08x; thisenv is %p\n", sys_getenvid(), thisenv);
		cprintf("send 0 from %x to %x\n", sys_getenvid(), who);
		ipc_send(who, 0, 0, 0);
	}

	for (;;) {
		ipc_recv(&who, 0, 0);
		/* Keep our own copy: once the turn is passed on, the other
		 * side may change val at any moment. */
		n = val;
		cprintf("%x got %d from %x (thisenv is %p %x)\n",
			sys_getenvid(), n, who, thisenv, thisenv->env_id);
		if (n == 10)
			return;
		val = ++n;
		ipc_send(who, 0, 0, 0);
		if (n == 10)
			return;
	}
}
