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

#define NWORDS	(NENV / 32)

/* Bit i set: envs[i] is ENV_RUNNABLE.  Finding the next runnable env
 * looks at NENV/32 words at most, never at every slot. */
static uint32_t runnable[NWORDS];
/* Envs that are runnable, running or dying: while there are any, the
 * system is not finished. */
static int nlive;

/* The slot each CPU ran last, where its next search starts. */
static int last_envx[NCPU];

static bool
is_live(unsigned status)
{
	return status == ENV_RUNNABLE || status == ENV_RUNNING ||
	       status == ENV_DYING;
}

void
sched_set_status(struct Env *e, unsigned status)
{
	int x = e - envs;

	nlive += is_live(status) - is_live(e->env_status);
	if (status == ENV_RUNNABLE)
		runnable[x / 32] |= 1u << (x % 32);
	else
		runnable[x / 32] &= ~(1u << (x % 32));
	e->env_status = status;
}

/* The first runnable slot at or after start, going round past the end of
 * envs[]; -1 if there is none. */
static int
next_runnable(int start)
{
	int k;

	start %= NENV;
	for (k = 0; k <= NWORDS; k++) {
		int w = (start / 32 + k) % NWORDS;
		uint32_t bits = runnable[w];

		if (k == 0)		/* the part of the first word from start */
			bits &= ~0u << (start % 32);
		else if (k == NWORDS)	/* and, last, the part before start */
			bits &= ~(~0u << (start % 32));
		if (bits)
			return w * 32 + __builtin_ctz(bits);
	}
	return -1;
}

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
	int x = next_runnable(last_envx[cpunum()] + 1);

	if (x >= 0) {
		last_envx[cpunum()] = x;
		env_run(&envs[x]);
	}
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
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
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
	sched_yield();
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
	if (nlive == 0) {
		/* Lab 3's kernel ran one env, and said so when it ended. */
		if (kernel_lab <= 3)
			cprintf("Destroyed the only environment - nothing more to do!\n");
		else
			cprintf("No runnable environments in the system!\n");
		print_free_pages("with no env left");
		page_audit();
		monitor(NULL);
	}

	fpu_switch_out();
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
