/* The virtual memory map shared by the kernel and every user environment.
 *
 *   4 GiB ------------> +------------------------------+
 *                       | all physical memory          |  kernel RW
 *   KERNBASE,     ----> +------------------------------+ 0xf0000000
 *   KSTACKTOP           | CPU0 kernel stack, gap, CPU1 |  kernel RW
 *                       | kernel stack, gap, ...       |
 *   MMIOLIM ----------> +------------------------------+ 0xefc00000
 *                       | memory-mapped I/O            |  kernel RW
 *   ULIM, MMIOBASE ---> +------------------------------+ 0xef800000
 *                       | page tables (UVPT)           |  user R
 *   UVPT ------------>  +------------------------------+ 0xef400000
 *                       | pages[] (UPAGES)             |  user R
 *   UPAGES ---------->  +------------------------------+ 0xef000000
 *                       | envs[] (UENVS)               |  user R
 *   UTOP, UENVS,  --->  +------------------------------+ 0xeec00000
 *   UXSTACKTOP          | user exception stack (1 pg)  |  user RW
 *                       | unmapped guard page          |
 *   USTACKTOP ------->  +------------------------------+ 0xeebfe000
 *                       | user stack, growing down     |  user RW
 *                       |              ...             |
 *                       | program text, data, heap     |
 *   UTEXT ----------->  +------------------------------+ 0x00800000
 *   PFTEMP ---------->  | (last page: PFTEMP)          |  free for
 *                       | scratch mappings             |  programs
 *   UTEMP ----------->  +------------------------------+ 0x00400000
 *                       | unmapped (USTABDATA inside)  |
 *   0 --------------->  +------------------------------+
 */
#ifndef JOS_INC_MEMLAYOUT_H
#define JOS_INC_MEMLAYOUT_H

#ifndef __ASSEMBLER__
#include <inc/types.h>
#include <inc/mmu.h>
#endif

/* GDT selectors. */
#define GD_KT		0x08	/* kernel text */
#define GD_KD		0x10	/* kernel data */
#define GD_UT		0x18	/* user text */
#define GD_UD		0x20	/* user data */
#define GD_TSS0		0x28	/* CPU 0's TSS; CPU i uses GD_TSS0 + 8*i */

/* All physical memory is mapped at this address. */
#define KERNBASE	0xF0000000

/* The legacy I/O hole and the start of extended memory. */
#define IOPHYSMEM	0x0A0000
#define EXTPHYSMEM	0x100000

/* Per-CPU kernel stacks hang below KSTACKTOP, each above a guard gap. */
#define KSTACKTOP	KERNBASE
#define KSTKSIZE	(8*PGSIZE)
#define KSTKGAP		(8*PGSIZE)

/* Device memory mapped with mmio_map_region. */
#define MMIOLIM		(KSTACKTOP - PTSIZE)
#define MMIOBASE	(MMIOLIM - PTSIZE)

/* User programs may not touch anything at or above ULIM. */
#define ULIM		(MMIOBASE)

/* Read-only views for user programs, just below ULIM. */
#define UVPT		(ULIM - PTSIZE)		/* the page tables */
#define UPAGES		(UVPT - PTSIZE)		/* pages[] */
#define UENVS		(UPAGES - PTSIZE)	/* envs[] */

/* Top of the part of the address space a user env controls. */
#define UTOP		UENVS
/* The user exception stack is the page just below here. */
#define UXSTACKTOP	UTOP
/* The normal user stack starts here, below an unmapped guard page. */
#define USTACKTOP	(UTOP - 2*PGSIZE)

/* Where user programs are linked. */
#define UTEXT		(2*PTSIZE)

/* Scratch space a user program may use for temporary mappings
 * (user/dumbfork.c copies pages through UTEMP). */
#define UTEMP		((void *) PTSIZE)
/* The last page of that space, by the classic convention for a page
 * fault handler's copy: lib/fork.c's pgfault allocates a page here,
 * copies into it and maps it over the faulting page.  (fork_batched's
 * handler, lib/forkbatch.c, makes the copy with one sys_page_copy and
 * needs no scratch page.) */
#define PFTEMP		(UTEMP + PTSIZE - PGSIZE)
/* Classic JOS mapped a program's STABS debug data here.  Nothing does
 * now (backtraces use the kernel's own line table); the name stays
 * because programs written for classic JOS may refer to it. */
#define USTABDATA	(PTSIZE / 2)

/* Physical page where application processors start (real mode). */
#define MPENTRY_PADDR	0x7000

#ifndef __ASSEMBLER__

typedef uint32_t pte_t;
typedef uint32_t pde_t;

/*
 * The page directory maps itself at UVPT, so the page tables appear there
 * as one 4 MiB array of PTEs indexed by page number, and the directory
 * itself as the page of that array that maps UVPT.
 */
extern volatile pte_t uvpt[];		/* VA of "virtual page table" */
extern volatile pde_t uvpd[];		/* VA of current page directory */

/*
 * One PageInfo per physical page, in pages[].  The physical address of a
 * page is its index times PGSIZE (see page2pa in kern/pmap.h).
 */
struct PageInfo {
	/* Next page on the free list; NULL when allocated. */
	struct PageInfo *pp_link;
	/* Number of mappings and kernel holds of this page. */
	uint16_t pp_ref;
};

#endif /* !__ASSEMBLER__ */
#endif
