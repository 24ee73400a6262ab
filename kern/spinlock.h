/* Spin locks, and the one big kernel lock built from one. */
#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H

#include <inc/types.h>

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

static inline void
lock_kernel(void)
{
	spin_lock(&kernel_lock);
}

static inline void
unlock_kernel(void)
{
	spin_unlock(&kernel_lock);
	/* Let a CPU spinning for the lock in the emulator take it before
	 * this one grabs it again. */
	asm volatile("pause");
}

#endif
