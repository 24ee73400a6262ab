/* The application processor trampoline.
 *
 * boot_aps copies the bytes between mpentry_start and mpentry_end to
 * physical MPENTRY_PADDR, and each AP starts executing them there in
 * real mode (cs:ip = MPENTRY_PADDR>>4 : 0) after its STARTUP IPI.  The
 * code is linked at kernel addresses but runs at MPENTRY_PADDR, so every
 * address it uses before paging is on goes through MPBOOTPHYS.  It turns
 * on protected mode and paging (with entry_pgdir, which maps low memory
 * both at 0 and at KERNBASE) and calls mp_main on the kernel stack that
 * boot_aps left in mpentry_kstack. */

#include <inc/mmu.h>
#include <inc/memlayout.h>

/* Physical address of a kernel symbol. */
#define RELOC(x)	((x) - KERNBASE)
/* Run-time address of a trampoline symbol: where its copy lives. */
#define MPBOOTPHYS(s)	((s) - mpentry_start + MPENTRY_PADDR)

/* Selectors of the trampoline's own GDT below. */
#define CODE_SEL	0x08
#define DATA_SEL	0x10

.text
.code16
.globl mpentry_start
mpentry_start:
	cli
	cld
	/* Real-mode data accesses below are absolute (segment 0). */
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss

	lgdtl	MPBOOTPHYS(ap_gdtdesc)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	/* The far jump loads cs from the new GDT and enters 32-bit code. */
	ljmpl	$CODE_SEL, $MPBOOTPHYS(ap_start32)

.code32
ap_start32:
	movw	$DATA_SEL, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs

	movl	$RELOC(entry_pgdir), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE|CR0_PG|CR0_WP), %eax
	movl	%eax, %cr0

	/* Paging is on; kernel addresses work from here. */
	movl	mpentry_kstack, %esp
	/* A zero frame pointer ends backtraces. */
	xorl	%ebp, %ebp
	/* An absolute call: a relative one would be resolved against the
	 * link address, not against where this copy runs. */
	movl	$mp_main, %eax
	call	*%eax

	/* mp_main never returns. */
1:	hlt
	jmp	1b

/* A flat code and a flat data segment, as the kernel itself uses. */
.p2align 2
ap_gdt:
	SEG_NULL
	SEG(STA_X|STA_R, 0x0, 0xffffffff)
	SEG(STA_W, 0x0, 0xffffffff)
ap_gdtdesc:
	.word	ap_gdtdesc - ap_gdt - 1
	.long	MPBOOTPHYS(ap_gdt)

.globl mpentry_end
mpentry_end:
