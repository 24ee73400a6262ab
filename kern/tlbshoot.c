/*
 * TLB shootdown.  When the kernel changes a mapping in an address space
 * that another CPU has loaded (a parent unmapping a page of its child
 * running elsewhere), that CPU's TLB may still hold the old translation,
 * and the env there could go on using a page the kernel has freed and
 * handed to someone else.  So before the page can be reused, every such
 * CPU must flush its TLB.
 *
 * Each CPU has two flags.  flush_asked[i]: another CPU wants CPU i to
 * flush.  in_user[i]: CPU i is in user mode, or may enter it without
 * taking the kernel lock again; only such a CPU can be using a stale
 * translation right now, so only it must be interrupted and waited for.
 * A CPU in the kernel is left the request: it flushes once it holds the
 * kernel lock, before it touches user memory or returns to user mode.
 *
 * The requester sets flush_asked, then reads in_user; a CPU entering the
 * kernel clears in_user, then reads flush_asked (both with xchg, so in
 * this order on every CPU).  Either the requester sees in_user clear,
 * or the entering CPU sees the request: no flush is ever missed, and the
 * requester waits only for CPUs that will answer without the lock.
 */
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/tlbshoot.h>
#include <kern/spinlock.h>

static volatile uint32_t flush_asked[NCPU];
static volatile uint32_t in_user[NCPU];

void
tlb_shootdown(pde_t *pgdir)
{
	bool wait[NCPU] = { false }, any = false;
	int i;

	assert(kernel_lock_held());
	for (i = 0; i < ncpu; i++) {
		struct Env *e = cpus[i].cpu_env;

		if (i == cpunum() || !e || e->env_pgdir != pgdir)
			continue;
		xchg(&flush_asked[i], 1);
		wait[i] = in_user[i];
		any |= wait[i];
	}
	if (!any)
		return;
	lapic_ipi(T_TLBSHOOT);
	for (i = 0; i < ncpu; i++)
		while (wait[i] && flush_asked[i])
			asm volatile("pause");
}

/* Flush this CPU's TLB if another CPU asked, and say it is done. */
void
tlb_flush_if_asked(void)
{
	int me = cpunum();

	if (flush_asked[me]) {
		lcr3(rcr3());
		xchg(&flush_asked[me], 0);
	}
}

/* This CPU has just trapped into the kernel (no lock held yet). */
void
tlb_enter_kernel(void)
{
	xchg(&in_user[cpunum()], 0);
	tlb_flush_if_asked();
}

/* This CPU is about to return to user mode; it still holds the kernel
 * lock, so no request can be under way. */
void
tlb_leave_kernel(void)
{
	xchg(&in_user[cpunum()], 1);
}
