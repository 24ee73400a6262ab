/* Round-robin scheduling of envs over all CPUs. */
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/monitor.h>
#include <kern/sched.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/audit.h>

/* The slot each CPU ran last, where its next search starts. */
static int last_envx[NCPU];

/*
 * Run the next runnable env after the one this CPU ran last, in envs[]
 * order; if there is none, keep running the current env if it still
 * wants to run; otherwise halt.  An env running on another CPU is never
 * picked: its status is ENV_RUNNING, not ENV_RUNNABLE.  Caller holds the
 * kernel lock; env_run releases it.
 */
void
sched_yield(void)
{
	int start = last_envx[cpunum()] + 1;
	int i;

	for (i = 0; i < NENV; i++) {
		struct Env *e = &envs[(start + i) % NENV];
		if (e->env_status == ENV_RUNNABLE) {
			last_envx[cpunum()] = e - envs;
			env_run(e);
		}
	}
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
	sched_halt();
}

/* Does any env exist that could still run? */
static bool
any_live_env(void)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status == ENV_RUNNABLE ||
		    envs[i].env_status == ENV_RUNNING ||
		    envs[i].env_status == ENV_DYING)
			return true;
	return false;
}

/*
 * Nothing to run on this CPU.  With no live env anywhere, enter the
 * monitor (keeping the kernel lock).  Otherwise release the lock and halt
 * with interrupts on until an interrupt (the timer) brings the CPU back
 * into trap().  Never returns.
 */
void
sched_halt(void)
{
	if (!any_live_env()) {
		cprintf("No runnable environments in the system!\n");
		print_free_pages("with no env left");
		page_audit();
		for (;;)
			monitor(NULL);
	}

	curenv = NULL;
	lcr3(PADDR(kern_pgdir));
	xchg(&thiscpu->cpu_status, CPU_HALTED);
	unlock_kernel();

	/* Start over at the top of this CPU's kernel stack: nothing on it
	 * is needed any more. */
	asm volatile(
		"movl $0, %%ebp\n"
		"movl %0, %%esp\n"
		"pushl $0\n"
		"pushl $0\n"
		"sti\n"
		"1:\n"
		"hlt\n"
		"jmp 1b\n"
		: : "a" (thiscpu->cpu_ts.ts_esp0));
	for (;;)
		;
}
