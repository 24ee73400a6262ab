/* x86 memory-management definitions: paging, segmentation, interrupt
 * gates and the task state segment.  Usable from C and from assembly. */
#ifndef JOS_INC_MMU_H
#define JOS_INC_MMU_H

/*
 * A 32-bit linear address splits into a page directory index (bits 31-22),
 * a page table index (bits 21-12) and an offset in the page (bits 11-0).
 * PGADDR rebuilds an address from those parts.
 */
#define PDX(la)		((((uintptr_t) (la)) >> PDXSHIFT) & 0x3FF)
#define PTX(la)		((((uintptr_t) (la)) >> PTXSHIFT) & 0x3FF)
#define PGNUM(la)	(((uintptr_t) (la)) >> PTXSHIFT)
#define PGOFF(la)	(((uintptr_t) (la)) & 0xFFF)
#define PGADDR(d, t, o)	((void *) ((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

#define NPDENTRIES	1024		/* entries per page directory */
#define NPTENTRIES	1024		/* entries per page table */

#define PGSIZE		4096		/* bytes mapped by one page */
#define PGSHIFT		12		/* log2(PGSIZE) */
#define PTSIZE		(PGSIZE*NPTENTRIES) /* bytes mapped by one PDE */
#define PTSHIFT		22		/* log2(PTSIZE) */
#define PTXSHIFT	12
#define PDXSHIFT	22

/* Page table and directory entry flags. */
#define PTE_P		0x001	/* present */
#define PTE_W		0x002	/* writable */
#define PTE_U		0x004	/* user-accessible */
#define PTE_PWT		0x008	/* write-through */
#define PTE_PCD		0x010	/* cache disabled */
#define PTE_A		0x020	/* accessed */
#define PTE_D		0x040	/* dirty */
#define PTE_PS		0x080	/* 4 MiB page */
#define PTE_G		0x100	/* global */

/* Bits the hardware ignores; user code may use them for its own purposes. */
#define PTE_AVAIL	0xE00
/* The one such bit the user library gives a meaning: copy on write. */
#define PTE_COW		0x800

/* The only flag bits a user program may pass to a mapping syscall. */
#define PTE_SYSCALL	(PTE_AVAIL | PTE_P | PTE_W | PTE_U)

/* Physical address held in a page table or directory entry. */
#define PTE_ADDR(pte)	((physaddr_t) (pte) & ~0xFFF)

/* Control register bits. */
#define CR0_PE		0x00000001	/* protection enable */
#define CR0_MP		0x00000002	/* monitor coprocessor */
#define CR0_EM		0x00000004	/* emulate coprocessor */
#define CR0_TS		0x00000008	/* task switched */
#define CR0_ET		0x00000010	/* extension type */
#define CR0_NE		0x00000020	/* numeric error */
#define CR0_WP		0x00010000	/* supervisor write-protect */
#define CR0_AM		0x00040000	/* alignment mask */
#define CR0_NW		0x20000000	/* not write-through */
#define CR0_CD		0x40000000	/* cache disable */
#define CR0_PG		0x80000000	/* paging */

#define CR4_OSXMMEXCPT	0x00000400	/* SSE floating-point exceptions */
#define CR4_OSFXSR	0x00000200	/* SSE instructions and fxsave */
#define CR4_PCE		0x00000100	/* performance counter enable */
#define CR4_MCE		0x00000040	/* machine check enable */
#define CR4_PSE		0x00000010	/* page size extensions */
#define CR4_DE		0x00000008	/* debugging extensions */
#define CR4_TSD		0x00000004	/* time stamp disable */
#define CR4_PVI		0x00000002	/* protected-mode virtual interrupts */
#define CR4_VME		0x00000001	/* V86 mode extensions */

/* EFLAGS bits. */
#define FL_CF		0x00000001	/* carry */
#define FL_PF		0x00000004	/* parity */
#define FL_AF		0x00000010	/* auxiliary carry */
#define FL_ZF		0x00000040	/* zero */
#define FL_SF		0x00000080	/* sign */
#define FL_TF		0x00000100	/* trap (single step) */
#define FL_IF		0x00000200	/* interrupt enable */
#define FL_DF		0x00000400	/* direction */
#define FL_OF		0x00000800	/* overflow */
#define FL_IOPL_MASK	0x00003000	/* I/O privilege level */
#define FL_IOPL_0	0x00000000
#define FL_IOPL_1	0x00001000
#define FL_IOPL_2	0x00002000
#define FL_IOPL_3	0x00003000
#define FL_NT		0x00004000	/* nested task */
#define FL_RF		0x00010000	/* resume */
#define FL_VM		0x00020000	/* virtual 8086 mode */
#define FL_AC		0x00040000	/* alignment check */
#define FL_VIF		0x00080000	/* virtual interrupt */
#define FL_VIP		0x00100000	/* virtual interrupt pending */
#define FL_ID		0x00200000	/* CPUID available */

/* Page fault error code bits. */
#define FEC_PR		0x1	/* protection violation (else not present) */
#define FEC_WR		0x2	/* caused by a write */
#define FEC_U		0x4	/* happened in user mode */

/* Segment descriptor type bits. */
#define STA_X		0x8	/* executable */
#define STA_E		0x4	/* expand down (data) */
#define STA_C		0x4	/* conforming (code) */
#define STA_W		0x2	/* writable (data) */
#define STA_R		0x2	/* readable (code) */
#define STA_A		0x1	/* accessed */

/* System segment and gate types. */
#define STS_T16A	0x1	/* available 16-bit TSS */
#define STS_LDT		0x2	/* local descriptor table */
#define STS_T16B	0x3	/* busy 16-bit TSS */
#define STS_CG16	0x4	/* 16-bit call gate */
#define STS_TG		0x5	/* task gate */
#define STS_IG16	0x6	/* 16-bit interrupt gate */
#define STS_TG16	0x7	/* 16-bit trap gate */
#define STS_T32A	0x9	/* available 32-bit TSS */
#define STS_T32B	0xB	/* busy 32-bit TSS */
#define STS_CG32	0xC	/* 32-bit call gate */
#define STS_IG32	0xE	/* 32-bit interrupt gate */
#define STS_TG32	0xF	/* 32-bit trap gate */

#ifdef __ASSEMBLER__

/* A null segment descriptor, for a GDT written in assembly. */
#define SEG_NULL						\
	.word 0, 0;						\
	.byte 0, 0, 0, 0

/* A flat 4 GiB segment with 4 KiB granularity, for a GDT in assembly. */
#define SEG(type, base, lim)					\
	.word (((lim) >> 12) & 0xffff), ((base) & 0xffff);	\
	.byte (((base) >> 16) & 0xff), (0x90 | (type)),		\
		(0xC0 | (((lim) >> 28) & 0xf)), (((base) >> 24) & 0xff)

#else

#include <inc/types.h>

/* A segment descriptor, as the processor reads it from the GDT. */
struct Segdesc {
	unsigned sd_lim_15_0 : 16;	/* limit, low bits */
	unsigned sd_base_15_0 : 16;	/* base, low bits */
	unsigned sd_base_23_16 : 8;	/* base, middle bits */
	unsigned sd_type : 4;		/* STA_ or STS_ type */
	unsigned sd_s : 1;		/* 0 = system, 1 = code or data */
	unsigned sd_dpl : 2;		/* privilege level */
	unsigned sd_p : 1;		/* present */
	unsigned sd_lim_19_16 : 4;	/* limit, high bits */
	unsigned sd_avl : 1;		/* free for software */
	unsigned sd_rsv1 : 1;		/* reserved */
	unsigned sd_db : 1;		/* 0 = 16-bit, 1 = 32-bit */
	unsigned sd_g : 1;		/* limit counts 4 KiB units */
	unsigned sd_base_31_24 : 8;	/* base, high bits */
};

#define SEG_NULL	(struct Segdesc){ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
#define SEG_FAULT	(struct Segdesc){ 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0 }

/* A 4 KiB-granular code or data segment. */
#define SEG(type, base, lim, dpl) (struct Segdesc)			\
{ ((lim) >> 12) & 0xffff, (base) & 0xffff, ((base) >> 16) & 0xff,	\
  type, 1, dpl, 1, (unsigned) (lim) >> 28, 0, 0, 1, 1,		\
  (unsigned) (base) >> 24 }

/* A byte-granular segment, such as a TSS. */
#define SEG16(type, base, lim, dpl) (struct Segdesc)			\
{ (lim) & 0xffff, (base) & 0xffff, ((base) >> 16) & 0xff,		\
  type, 1, dpl, 1, (unsigned) (lim) >> 16, 0, 0, 1, 0,		\
  (unsigned) (base) >> 24 }

/* The 32-bit task state segment.  The kernel uses only the ring-0 stack
 * fields and the I/O map base; the rest is hardware layout. */
struct Taskstate {
	uint32_t ts_link;
	uintptr_t ts_esp0;	/* stack pointer loaded on entry to ring 0 */
	uint16_t ts_ss0;	/* stack segment loaded on entry to ring 0 */
	uint16_t ts_padding1;
	uintptr_t ts_esp1;
	uint16_t ts_ss1;
	uint16_t ts_padding2;
	uintptr_t ts_esp2;
	uint16_t ts_ss2;
	uint16_t ts_padding3;
	physaddr_t ts_cr3;
	uintptr_t ts_eip;
	uint32_t ts_eflags;
	uint32_t ts_eax;
	uint32_t ts_ecx;
	uint32_t ts_edx;
	uint32_t ts_ebx;
	uintptr_t ts_esp;
	uintptr_t ts_ebp;
	uint32_t ts_esi;
	uint32_t ts_edi;
	uint16_t ts_es;
	uint16_t ts_padding4;
	uint16_t ts_cs;
	uint16_t ts_padding5;
	uint16_t ts_ss;
	uint16_t ts_padding6;
	uint16_t ts_ds;
	uint16_t ts_padding7;
	uint16_t ts_fs;
	uint16_t ts_padding8;
	uint16_t ts_gs;
	uint16_t ts_padding9;
	uint16_t ts_ldt;
	uint16_t ts_padding10;
	uint16_t ts_t;		/* trap on task switch */
	uint16_t ts_iomb;	/* offset of the I/O permission bitmap */
};

/* An interrupt or trap gate in the IDT. */
struct Gatedesc {
	unsigned gd_off_15_0 : 16;	/* handler offset, low bits */
	unsigned gd_sel : 16;		/* handler code segment selector */
	unsigned gd_args : 5;		/* 0 for interrupt and trap gates */
	unsigned gd_rsv1 : 3;
	unsigned gd_type : 4;		/* STS_IG32 or STS_TG32 */
	unsigned gd_s : 1;		/* 0 */
	unsigned gd_dpl : 2;		/* lowest privilege allowed to "int" */
	unsigned gd_p : 1;		/* present */
	unsigned gd_off_31_16 : 16;	/* handler offset, high bits */
};

/*
 * Fill in a gate.  An interrupt gate (istrap 0) clears IF on entry, a trap
 * gate leaves it alone.  dpl is the lowest privilege level that may raise
 * the vector with an "int" instruction.
 */
#define SETGATE(gate, istrap, sel, off, dpl)			\
{								\
	(gate).gd_off_15_0 = (uint32_t) (off) & 0xffff;		\
	(gate).gd_sel = (sel);					\
	(gate).gd_args = 0;					\
	(gate).gd_rsv1 = 0;					\
	(gate).gd_type = (istrap) ? STS_TG32 : STS_IG32;	\
	(gate).gd_s = 0;					\
	(gate).gd_dpl = (dpl);					\
	(gate).gd_p = 1;					\
	(gate).gd_off_31_16 = (uint32_t) (off) >> 16;		\
}

/* The operand of lgdt and lidt. */
struct Pseudodesc {
	uint16_t pd_lim;	/* table size in bytes, minus one */
	uint32_t pd_base;	/* linear address of the table */
} __attribute__ ((packed));

#endif /* !__ASSEMBLER__ */

#endif
