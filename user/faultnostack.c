/*
 * faultnostack: registers the library's upcall but never maps an exception
 * stack.  The kernel cannot push the UTrapframe, so it prints
 * "[00001000] user_mem_check assertion failure for va eebfff.." (inside the
 * missing page below UXSTACKTOP) and destroys the env.
 */
#include <inc/lib.h>

/* The library's assembly entry point for page-fault upcalls. */
extern void _pgfault_upcall(void);

void
umain(int argc, char **argv)
{
	sys_env_set_pgfault_upcall(0, (void *) _pgfault_upcall);
	*(volatile int *) 0 = 0;
}
