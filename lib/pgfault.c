/* Registering a user-level page fault handler. */
#include <inc/lib.h>

/* The upcall in lib/pfentry.S and the handler it calls. */
extern void _pgfault_upcall(void);
void (*_pgfault_handler)(struct UTrapframe *utf);

/*
 * Make handler the function called on this env's page faults.  The first
 * call also gives the env its exception stack (the page below UXSTACKTOP)
 * and registers the assembly upcall with the kernel.  Panics if either
 * fails: a program cannot go on without its fault handler.
 */
void
set_pgfault_handler(void (*handler)(struct UTrapframe *utf))
{
	/* LAB 4: on the first call, give the env its exception stack
	 * and register _pgfault_upcall with the kernel; then remember
	 * handler. */
	int r;

	if (!_pgfault_handler) {
		r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE),
				   PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("set_pgfault_handler: exception stack: %e", r);
		r = sys_env_set_pgfault_upcall(0, _pgfault_upcall);
		if (r < 0)
			panic("set_pgfault_handler: upcall: %e", r);
	}
	_pgfault_handler = handler;
	/* END LAB 4 */
}
