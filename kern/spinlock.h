/* Spin locks, and the one big kernel lock built from one. */
#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H

#include <inc/types.h>
#include <kern/cpu.h>
#include <kern/trace.h>

/* Record holders and call sites, to explain a deadlock in a panic. */
#define DEBUG_SPINLOCK

struct spinlock {
	volatile uint32_t locked;	/* 1 while held */

#ifdef DEBUG_SPINLOCK
	const char *name;		/* for messages */
	struct CpuInfo *cpu;		/* holder */
	uintptr_t pcs[10];		/* call stack of the acquirer */
#endif
};

void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
#ifdef DEBUG_SPINLOCK
/* Whether the running CPU holds lk (for assertions). */
bool holding(struct spinlock *lk);
#endif

extern struct spinlock kernel_lock;
extern bool kernel_lock_needed;

/* Whether this CPU may use what the kernel lock guards (for assertions
 * of "Caller holds the kernel lock"): it holds the lock, or no other CPU
 * has been started (kernel_lock_needed), so the boot CPU runs the kernel
 * alone: early boot, kernels on one CPU, and the lab-4 handout, whose
 * stand-ins start no AP and take no lock until the student places it. */
static inline bool
kernel_lock_held(void)
{
	return holding(&kernel_lock) || !kernel_lock_needed;
}

static inline void
lock_kernel(void)
{
	uint64_t since = trace_now();

	spin_lock(&kernel_lock);
	trace_lock_acquired(since);
}

static inline void
unlock_kernel(void)
{
	trace_event(TR_LOCK_RELEASE, 0, 0);
	spin_unlock(&kernel_lock);
	/* Let a CPU spinning for the lock in the emulator take it before
	 * this one grabs it again.  Under QEMU "pause" leaves the CPU loop,
	 * which costs more than a whole system call: only when another CPU
	 * may be waiting. */
	if (ncpu > 1)
		asm volatile("pause");
}

#endif
