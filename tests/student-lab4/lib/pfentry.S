#include <inc/mmu.h>
#include <inc/memlayout.h>

// Page fault upcall entrypoint.

.text
.globl _pgfault_upcall
_pgfault_upcall:
	// Call the C page fault handler.
	pushl %esp			// function argument: pointer to UTF
	movl _pgfault_handler, %eax
	call *%eax
	addl $4, %esp			// pop function argument

	// push trap-time eip onto the trap-time stack
	movl 0x28(%esp), %ebx		// trap-time eip
	movl 0x30(%esp), %eax		// trap-time esp
	subl $4, %eax
	movl %ebx, (%eax)
	movl %eax, 0x30(%esp)

	// Restore the trap-time registers.
	addl $8, %esp
	popal

	// Restore eflags from the stack.
	addl $4, %esp
	popfl

	// Switch back to the adjusted trap-time stack.
	popl %esp

	// Return to re-execute the instruction that faulted.
	ret
