/* Entry points for all 256 interrupt vectors.  Each stub makes the stack
 * look the same (an error code, real or 0, then the vector number) and
 * joins alltraps, which completes a struct Trapframe and calls trap(). */
#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <kern/trap.h>

/* The vectors for which the processor pushes an error code itself. */
#define HAS_ERRCODE(n) \
	((n) == T_DBLFLT || ((n) >= T_TSS && (n) <= T_PGFLT) || (n) == T_ALIGN)

/* LAB 3: an entry stub for each of the 256 vectors but the 16 IRQs
 * (lab 4's), each making the stack look the same (an error code,
 * pushed by the processor or 0, then the vector number) before it
 * jumps to alltraps; and trap_vectors, the table of their addresses
 * trap_init uses (0 for the IRQs). */
/* One stub per vector n, with its address recorded in trap_vectors[n]. */
.section .rodata
.p2align 2
.globl trap_vectors
trap_vectors:
	.set	n, 0
	.rept	256
	.if n >= IRQ_OFFSET && n < IRQ_OFFSET + 16
	.long	0
	.else
	.text
	.p2align 2
1:
	.if !HAS_ERRCODE(n)
	pushl	$0
	.endif
	pushl	$n
	jmp	alltraps
	.section .rodata
	.long	1b
	.endif
	.set	n, n + 1
	.endr
/* END LAB 3 */

/* LAB 4: an entry stub for each of the 16 IRQs, vectors IRQ_OFFSET to
 * IRQ_OFFSET + 15 (the processor pushes no error code for them), and
 * irq_vectors, the table of their addresses trap_init uses. */
.section .rodata
.p2align 2
.globl irq_vectors
irq_vectors:
	.set	n, IRQ_OFFSET
	.rept	16
	.text
	.p2align 2
1:
	pushl	$0
	pushl	$n
	jmp	alltraps
	.section .rodata
	.long	1b
	.set	n, n + 1
	.endr
/* END LAB 4 */

.text
alltraps:
	pushl	%ds
	pushl	%es
	pushal
	movw	$GD_KD, %ax
	movw	%ax, %ds
	movw	%ax, %es
	/* The kernel runs with clean flags whatever the user left in them
	 * (an interrupt gate clears only IF, TF, NT and RF): DF clear for
	 * the C code, no AC, and no NT, which would turn the kernel's next
	 * iret into a task switch. */
	pushl	$0
	popfl
	/* From user mode, %ebp is the user's: end the kernel's chain of
	 * frame pointers here, so that no backtrace follows it. */
	testb	$3, TF_CS_OFFSET(%esp)
	jz	1f
	xorl	%ebp, %ebp
1:	pushl	%esp		/* the struct Trapframe * argument */
	call	trap
	/* trap never returns */
2:	hlt
	jmp	2b
