/* Kernel entry.  The boot loader jumps here with paging off, the kernel
 * loaded at physical 0x100000 and linked at KERNBASE + 0x100000. */
#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <kern/entry.h>

/* Physical address of a kernel symbol, usable before paging is on. */
#define RELOC(x) ((x) - KERNBASE)

.text

/* The ELF entry point, as a physical address: the loader jumps to it. */
.globl _start
_start = RELOC(entry)

.globl entry
entry:
	movl	$(RELOC(entry_pgdir)), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE|CR0_PG|CR0_WP), %eax
	movl	%eax, %cr0

	/* Jump to the high, linked address; the low mapping goes away
	 * once mem_init loads the real page directory. */
	mov	$relocated, %eax
	jmp	*%eax
relocated:
	/* Zero the BSS before any C code can read it. */
	movl	$edata, %edi
	movl	$end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	cld
	rep stosb

	/* A zero frame pointer ends every backtrace. */
	movl	$0, %ebp
	movl	$(bootstacktop), %esp
	call	i386_init
1:	hlt
	jmp	1b

.data

/* The page directory used from entry until mem_init; application
 * processors use it too while they switch to kern_pgdir. */
.p2align PGSHIFT
.globl entry_pgdir
entry_pgdir:
	.set	i, 0
	.rept	ENTRY_NPT
	.long	RELOC(entry_pgtables) + i * PGSIZE + PTE_P + PTE_W
	.set	i, i + 1
	.endr
	.fill	(KERNBASE >> PDXSHIFT) - ENTRY_NPT, 4, 0
	.set	i, 0
	.rept	ENTRY_NPT
	.long	RELOC(entry_pgtables) + i * PGSIZE + PTE_P + PTE_W
	.set	i, i + 1
	.endr
	.fill	NPDENTRIES - (KERNBASE >> PDXSHIFT) - ENTRY_NPT, 4, 0

/* Identity page tables for physical [0, ENTRY_MAPPED). */
.p2align PGSHIFT
entry_pgtables:
	.set	i, 0
	.rept	ENTRY_NPT * NPTENTRIES
	.long	i * PGSIZE + PTE_P + PTE_W
	.set	i, i + 1
	.endr

/* The boot stack, in a section of its own that kern/kernel.ld places
 * right after the kernel's code. */
.section .bootstack, "aw", @nobits
.p2align PGSHIFT
.globl bootstack
bootstack:
	.space	KSTKSIZE
.globl bootstacktop
bootstacktop:
