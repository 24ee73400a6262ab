/* Per-CPU state and the local APIC (kern/mpconfig.c, kern/lapic.c). */
#ifndef JOS_KERN_CPU_H
#define JOS_KERN_CPU_H

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/env.h>

/* The most CPUs the kernel supports. */
#define NCPU  8

/* cpu_status values. */
enum {
	CPU_UNUSED = 0,
	CPU_STARTED,
	CPU_HALTED,
};

struct CpuInfo {
	uint8_t cpu_id;			/* index in cpus[]: cpunum() */
	uint8_t cpu_apicid;		/* its local APIC's id (MP table) */
	volatile unsigned cpu_status;	/* CPU_ value */
	struct Env *cpu_env;		/* env running here, or NULL */
	struct Taskstate cpu_ts;	/* this CPU's ring-0 stack for traps */
	uint32_t cpu_ticks;		/* timer ticks taken here */
	uint32_t cpu_run_tick;		/* cpu_ticks when cpu_env's run began */
};

extern struct CpuInfo cpus[NCPU];
extern int ncpu;			/* CPUs found in the MP tables */
extern struct CpuInfo *bootcpu;		/* the CPU the BIOS booted */
extern physaddr_t lapicaddr;		/* physical address of the LAPIC */

/* Kernel stacks, one per CPU; mapped below KSTACKTOP by mem_init. */
extern unsigned char percpu_kstacks[NCPU][KSTKSIZE];

/* Below KSTACKTOP, CPU 0's stack on top: each CPU's KSTKSIZE mapped
 * bytes, then an unmapped KSTKGAP, into which an overflow faults. */
#define KSTKSTRIDE	(KSTKSIZE + KSTKGAP)

/* The top of CPU i's kernel stack in the KSTACKTOP window: where its
 * traps start (its TSS's esp0). */
static inline uintptr_t
percpu_kstacktop(int i)
{
	return KSTACKTOP - i * KSTKSTRIDE;
}

int lapic_cpunum(void);

/*
 * The running CPU's index in cpus[].  The kernel asks on
 * every use of curenv, so this must be cheap: once trap_init_percpu has
 * given a CPU its TSS, the task register holds that TSS's selector,
 * GD_TSS0 + 8 * index, and "str" reads it without a memory access.
 * Before that (early boot, AP start-up) the task register is 0: ask the
 * LAPIC for its id, an MMIO read that is slow under an emulator, and
 * look it up.
 */
static inline int
cpunum(void)
{
	uint32_t tss;

	asm volatile("str %0" : "=r" (tss));
	if (tss >= GD_TSS0)
		return (tss - GD_TSS0) >> 3;
	return lapic_cpunum();
}

#define thiscpu (&cpus[cpunum()])

/* Top of the kernel stack the next AP to start will use (kern/smpboot.c). */
extern void *mpentry_kstack;

void mp_init(void);
void boot_aps(void);
void lapic_init(void);
void lapic_startap(uint8_t apicid, uint32_t addr);
void lapic_eoi(void);
void lapic_ipi(int vector);

#endif
