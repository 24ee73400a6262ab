/*
 * The user-mode page fault entry point.  The kernel starts it on the user
 * exception stack with %esp pointing at a struct UTrapframe:
 *
 *	 0  utf_fault_va	 8  utf_regs (32 bytes, pushal order)
 *	 4  utf_err		40  utf_eip  44  utf_eflags  48  utf_esp
 *
 * It calls the C handler, _pgfault_handler, then resumes the faulting
 * code with every register and eflags as they were, without entering the
 * kernel.
 */
#include <inc/mmu.h>
#include <inc/memlayout.h>

.text
.globl _pgfault_upcall
_pgfault_upcall:
	/* LAB 4: the upcall, as the comment above says. */
	/* The faulting eip goes onto the trap-time stack, and a "ret"
	 * there ends the upcall.  On a nested fault the trap-time stack is
	 * this exception stack, and the kernel left one empty word above
	 * the new frame for that eip. */
	pushl	%esp			/* the UTrapframe * argument */
	movl	_pgfault_handler, %eax
	call	*%eax
	addl	$4, %esp

	/* Store the trap-time eip just below the trap-time esp, and make
	 * the saved esp point at it, ready for the final ret. */
	movl	48(%esp), %eax
	subl	$4, %eax
	movl	40(%esp), %ecx
	movl	%ecx, (%eax)
	movl	%eax, 48(%esp)

	addl	$8, %esp		/* skip fault_va and err */
	popal
	addl	$4, %esp		/* skip eip: it is on the other stack */
	/* No arithmetic after this: it would change the restored flags. */
	popfl
	popl	%esp
	ret
	/* END LAB 4 */
