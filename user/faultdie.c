/*
 * faultdie: a page-fault handler that reports the fault and kills its env.
 * The write to 0xdeadbeef reaches the handler, which prints "i faulted at
 * va deadbeef, err 6" (a user-mode write to a missing page) and destroys
 * itself: the kernel prints "[00001000] exiting gracefully".
 */
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	cprintf("i faulted at va %x, err %x\n",
		utf->utf_fault_va, utf->utf_err & 7);
	sys_env_destroy(sys_getenvid());
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	*(volatile int *) 0xdeadbeef = 0;
}
