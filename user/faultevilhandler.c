/*
 * faultevilhandler: an upcall pointing into kernel text (0xf0100020), a
 * would-be way to run kernel code in user mode or with kernel privilege.
 * The kernel must refuse it: "user_mem_check assertion failure for va
 * f0100020" (or "eebfef.." if the user-mode jump faults until the exception
 * stack overflows), and the env is destroyed.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE),
		       PTE_P | PTE_U | PTE_W);
	sys_env_set_pgfault_upcall(0, (void *) 0xf0100020);
	*(volatile int *) 0 = 0;
}
