/* Spin locks for mutual exclusion between CPUs. */

#include <inc/assert.h>
#include <inc/memlayout.h>
#include <inc/types.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/kdebug.h>
#include <kern/monitor.h>
#include <kern/spinlock.h>

#define NPCS	(sizeof(((struct spinlock *) 0)->pcs) / sizeof(uintptr_t))

/* The big kernel lock: held by whichever CPU is running kernel code
 * (other than the earliest boot and the halted idle loop). */
struct spinlock kernel_lock = {
#ifdef DEBUG_SPINLOCK
	.name = "kernel_lock",
#endif
};
/* Set by boot_aps before it starts the first other CPU; see
 * kernel_lock_held. */
bool kernel_lock_needed;

/* Keep the compiler from moving memory accesses across a lock operation;
 * the CPU itself never moves them across the locked xchg. */
static inline void
compiler_barrier(void)
{
	asm volatile("" : : : "memory");
}

#ifdef DEBUG_SPINLOCK

/* Fill pcs with the return addresses of the frames on the %ebp chain
 * starting at ebp, and a zero after the last if there is room (where
 * print_pcs stops).  Follows only frames on the kernel
 * stack ebp is on, each above the last: the chain ends with a zero at
 * each kernel entry (kern/entry.S, kern/trapentry.S), but a frame
 * pointer that is corrupt must not make taking a lock fault. */
static void
record_pcs(uint32_t ebp, uintptr_t pcs[])
{
	uintptr_t top = kstack_top(ebp);
	unsigned i = 0;

	while (i < NPCS && ebp != 0 && ebp + 2 * sizeof(uint32_t) <= top) {
		const uint32_t *frame = (const uint32_t *) ebp;

		pcs[i++] = frame[1];
		if (frame[0] <= ebp)
			break;
		ebp = frame[0];
	}
	if (i < NPCS)
		pcs[i] = 0;
}

/* Print the call stack recorded when lk was acquired. */
static void
print_pcs(const struct spinlock *lk)
{
	struct Eipdebuginfo info;
	unsigned i;

	for (i = 0; i < NPCS && lk->pcs[i]; i++) {
		uintptr_t pc = lk->pcs[i];

		if (debuginfo_eip(pc, &info) == 0)
			cprintf("  %08x %s:%d: %.*s+%x\n", pc, info.eip_file,
				info.eip_line, info.eip_fn_namelen,
				info.eip_fn_name, pc - info.eip_fn_addr);
		else
			cprintf("  %08x\n", pc);
	}
}

/* Whether the running CPU holds lk. */
bool
holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == thiscpu;
}

#endif

/*
 * Acquire lk, spinning until it is free.  Not reentrant: with
 * DEBUG_SPINLOCK, acquiring a lock this CPU holds panics instead of
 * deadlocking.  Interrupts must be off (the kernel runs with them off).
 */
void
spin_lock(struct spinlock *lk)
{
#ifdef DEBUG_SPINLOCK
	if (holding(lk))
		panic("CPU %d cannot acquire %s: already holding",
		      cpunum(), lk->name);
#endif
	/* Spin on plain reads so waiting CPUs don't keep taking the cache
	 * line from each other; xchg only when the lock looks free. */
	while (xchg(&lk->locked, 1) != 0)
		while (lk->locked)
			asm volatile("pause");
	compiler_barrier();

#ifdef DEBUG_SPINLOCK
	lk->cpu = thiscpu;
	record_pcs(read_ebp(), lk->pcs);
#endif
}

/*
 * Release lk, which this CPU must hold; with DEBUG_SPINLOCK, releasing a
 * lock this CPU doesn't hold panics, showing where it was acquired.
 */
void
spin_unlock(struct spinlock *lk)
{
#ifdef DEBUG_SPINLOCK
	if (!holding(lk)) {
		if (lk->locked && lk->cpu)
			cprintf("CPU %d cannot release %s: held by CPU %d, "
				"acquired at:\n", cpunum(), lk->name,
				lk->cpu->cpu_id);
		else
			cprintf("CPU %d cannot release %s: not held\n",
				cpunum(), lk->name);
		print_pcs(lk);
		panic("spin_unlock");
	}
	/* Clear the holder before the lock can pass to another CPU. */
	lk->pcs[0] = 0;
	lk->cpu = NULL;
#endif
	compiler_barrier();
	xchg(&lk->locked, 0);
}
