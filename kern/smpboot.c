/* Starting the application processors, and their first steps in C. */

#include <inc/assert.h>
#include <inc/memlayout.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/pmap_check.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/trap.h>
#include <kern/fpu.h>

unsigned char percpu_kstacks[NCPU][KSTKSIZE] __attribute__((aligned(PGSIZE)));

void *mpentry_kstack;

/* The trampoline, linked into the kernel (kern/mpentry.S). */
extern unsigned char mpentry_start[], mpentry_end[];

void mp_main(void) __attribute__((noreturn));

/*
 * Start every AP, one at a time, and wait for each to finish its setup.
 * Called once by the boot CPU after mp_init, lapic_init and pic_init,
 * holding the kernel lock, which keeps the started APs out of the
 * scheduler until the boot CPU releases it.  mem_init must have reserved
 * the page at MPENTRY_PADDR.
 */
void
boot_aps(void)
{
	unsigned char *code = KADDR(MPENTRY_PADDR);
	struct CpuInfo *c;

	static_assert(MPENTRY_PADDR % PGSIZE == 0 && MPENTRY_PADDR < 0x100000);
	memmove(code, mpentry_start, mpentry_end - mpentry_start);

	for (c = cpus; c < cpus + ncpu; c++) {
		if (c == bootcpu)
			continue;
		check_percpu_kstack(c - cpus);
		/* The AP reads its stack from here, so one AP at a time. */
		mpentry_kstack = percpu_kstacks[c - cpus] + KSTKSIZE;
		kernel_lock_needed = true;
		lapic_startap(c->cpu_apicid, PADDR(code));
		while (c->cpu_status != CPU_STARTED)
			asm volatile("pause");
	}
}

/*
 * An AP's first C code, entered from the trampoline on its own kernel
 * stack with entry_pgdir loaded.  Switches to the kernel's page table,
 * sets up this CPU's LAPIC, segments, TSS and IDT, reports itself started
 * (releasing boot_aps), then waits for the kernel lock and runs envs.
 */
void
mp_main(void)
{
	lcr3(PADDR(kern_pgdir));
	cprintf("SMP: CPU %d starting\n", cpunum());

	lapic_init();
	env_init_percpu();
	trap_init_percpu();
	fpu_init_percpu();
	xchg(&thiscpu->cpu_status, CPU_STARTED);

	/* LAB 4: run envs on this CPU too: through sched_yield, once
	 * this CPU holds the big kernel lock (one CPU in the kernel at a
	 * time). */
	lock_kernel();
	sched_yield();
	/* HANDOUT: this CPU stays out of the kernel. */
	/* END LAB 4 */
}
