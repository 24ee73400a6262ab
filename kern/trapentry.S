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

/* One stub per vector n, with its address recorded in trap_vectors[n]. */
.section .rodata
.p2align 2
.globl trap_vectors
trap_vectors:
	.set	n, 0
	.rept	256
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
	.set	n, n + 1
	.endr

/*
 * The sysenter fast system call.  sysenter saves nothing: the user stub
 * (lib/syscall.c) passes its stack pointer in %ebp, with its return
 * address on top of that stack, and the arguments in the same registers
 * as for "int $0x30".  Build the same Trapframe an int would, with
 * trap number T_SYSENTER; trap() fetches the return eip.  Interrupts are
 * off (sysenter clears IF) until the env is resumed.
 */
.text
.globl sysenter_entry
sysenter_entry:
	/* sysenter clears IF (and VM, RF) but keeps the caller's other
	 * flags, which are the env's own: save them, as an interrupt would,
	 * so the return loads them again.  User code runs with IF set. */
	pushl	$(GD_UD | 3)	/* tf_ss */
	pushl	%ebp		/* tf_esp */
	pushfl			/* tf_eflags */
	orl	$FL_IF, (%esp)
	pushl	$(GD_UT | 3)	/* tf_cs */
	pushl	$0		/* tf_eip, filled in by trap() */
	pushl	$0		/* tf_err */
	pushl	$T_SYSENTER
	jmp	alltraps

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
