/* Kernel start-up on the boot CPU. */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/monitor.h>
#include <kern/console.h>
#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/audit.h>
#include <kern/fpu.h>

/* The program `make qemu` runs when no TEST is given. */
#ifndef TEST
#define TEST user_forktree
#endif

/*
 * Entered from kern/entry.S with paging on and a zeroed BSS.  Brings up
 * the console, memory, envs, traps and the other CPUs, creates the first
 * env and schedules it.  Never returns.
 */
void
i386_init(void)
{
	cons_init();
	printf_selftest();
	test_backtrace(5);

	mem_init();
	fpu_init_percpu();
	env_init();
	trap_init();

	mp_init();
	lapic_init();
	pic_init();

	/* Hold the big kernel lock before the other CPUs can run: they
	 * wait for it before touching any shared state. */
	lock_kernel();
	boot_aps();

	print_free_pages("at boot");
	ENV_CREATE(TEST, ENV_TYPE_USER);
	sched_yield();
}
