/*
 * faultbadhandler: a proper exception stack but an upcall at 0xdeadbeef,
 * where nothing is mapped.  The kernel rejects the upcall, or the jump to
 * it faults again and again until the exception stack overflows; either
 * way it prints "user_mem_check assertion failure for va deadbeef" (or
 * "eebfef..") and destroys the env, without panicking.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE),
		       PTE_P | PTE_U | PTE_W);
	sys_env_set_pgfault_upcall(0, (void *) 0xdeadbeef);
	*(volatile int *) 0 = 0;
}
