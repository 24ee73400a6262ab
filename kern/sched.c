/* Round-robin scheduling of envs over all CPUs. */
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/fpu.h>
#include <kern/pmap.h>
#include <kern/monitor.h>
#include <kern/sched.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/audit.h>

/*
 * Run the next runnable env after the one running here (or, with none
 * running here, from envs[0] on), going round envs[] in order; if there is
 * none, keep running the current env if it still wants to run; otherwise
 * halt.  An env running on another CPU is never picked: its status is
 * ENV_RUNNING, not ENV_RUNNABLE.  Caller holds the kernel lock; env_run
 * releases it.
 */
void
sched_yield(void)
{
	/* LAB 4: round robin: look through envs[] for an ENV_RUNNABLE
	 * env, starting just after curenv (or at envs[0] when this CPU
	 * runs none) and wrapping around, and run the first found.  With
	 * none, run curenv again if it is still ENV_RUNNING; never an env
	 * running on another CPU. */
	struct Env *e = curenv ? curenv : &envs[NENV - 1];
	int i;

	assert(kernel_lock_held());
	for (i = 0; i < NENV; i++) {
		e = e == &envs[NENV - 1] ? envs : e + 1;
		if (e->env_status == ENV_RUNNABLE)
			env_run(e);
	}
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
	/* HANDOUT: the first env runs alone, as in lab 3. */
	/* END LAB 4 */
	sched_halt();
}

/*
 * Return to user mode at the end of a trap or system call: in curenv if
 * it may go on running (still ENV_RUNNING), otherwise in whatever env
 * sched_yield picks.  Caller holds the kernel lock; never returns.
 */
void
sched_return_to_user(void)
{
	assert(kernel_lock_held());
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
	sched_yield();
}

/*
 * The env switched to on this CPU begins a run: no tick taken so far ends
 * it.  Caller holds the kernel lock.
 */
void
sched_run_begins(void)
{
	thiscpu->cpu_run_tick = thiscpu->cpu_ticks;
}

/*
 * Count a timer tick on this CPU, and say whether it ends the current
 * run (the caller then has sched_yield pick what runs next).  A run
 * lasts until the second tick after it began, never just to the first:
 * a tick that falls due while the kernel switches to an env would
 * otherwise take the CPU back at the env's first instruction, and the
 * envs around it in the round would go twice in its place.  (A writer
 * into a full pipe then finds two bytes of room, not one, and the
 * testshell key's "size 32" comes out "size 31".)  So each run is one
 * to two tick periods long.  Caller holds the kernel lock.
 */
bool
sched_tick_ends_run(void)
{
	struct CpuInfo *c = thiscpu;

	c->cpu_ticks++;
	return !curenv || c->cpu_ticks - c->cpu_run_tick >= 2;
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
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status == ENV_RUNNABLE ||
		    envs[i].env_status == ENV_RUNNING ||
		    envs[i].env_status == ENV_DYING)
			break;
	if (i == NENV) {
		/* Lab 3's kernel ran one env, and said so when it ended. */
		if (kernel_lab <= 3)
			cprintf("Destroyed the only environment - nothing more to do!\n");
		else
			cprintf("No runnable environments in the system!\n");
		leak_check_idle();
		monitor(NULL);
	}

	fpu_switch_out();
	trace_switch(curenv, NULL);
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
