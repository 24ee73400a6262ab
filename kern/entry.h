/* What kern/entry.S sets up that the C code relies on until mem_init has
 * built the real page tables (kern/pmap.c, kern/pmap_check.c). */
#ifndef JOS_KERN_ENTRY_H
#define JOS_KERN_ENTRY_H

#include <inc/mmu.h>

/* The entry page tables map physical [0, ENTRY_MAPPED) twice: at 0, so
 * the instructions right after paging is turned on still run, and at
 * KERNBASE, where the kernel is linked.  Enough for the kernel image and
 * everything boot_alloc hands out before mem_init maps all of memory. */
#define ENTRY_NPT	8			/* page tables, PTSIZE each */
#define ENTRY_MAPPED	(ENTRY_NPT * PTSIZE)	/* 32 MiB */

#endif
