/* TLB shootdown: making other CPUs forget stale translations
 * (kern/tlbshoot.c). */
#ifndef JOS_KERN_TLBSHOOT_H
#define JOS_KERN_TLBSHOOT_H

#include <inc/mmu.h>

/* The inter-processor interrupt that makes a CPU in user mode trap, and
 * so check for a flush request. */
#define T_TLBSHOOT	0xfd

/* Make every other CPU that has pgdir loaded drop its cached
 * translations before this returns.  Caller holds the kernel lock. */
void tlb_shootdown(pde_t *pgdir);

/* Calls on the way into and out of user mode; see kern/tlbshoot.c. */
void tlb_enter_kernel(void);
void tlb_flush_if_asked(void);
void tlb_leave_kernel(void);

#endif
