/*
 * The sysenter fast path, entry and exit (the C part is kern/sysenter.c,
 * which says why it exists; docs/syscall-paths.md draws the stack).
 *
 * sysenter loads %cs, %eip, %ss and %esp (this CPU's kernel stack top)
 * from MSRs, clears IF, and saves nothing at all.  So the user stub
 * (lib/syscall.c) passes its stack pointer in %ebp, with its return
 * address on top of that stack, and the call number and arguments in the
 * registers "int $0x30" uses: %eax, then %edx, %ecx, %ebx, %edi, %esi.
 * sysexit returns to %edx with %esp = %ecx, in user mode; the stub
 * expects %ecx and %edx clobbered and the result in %eax.  Every other
 * register, and EFLAGS but IF (user code always runs with IF set), goes
 * back exactly as the caller left it.
 */
#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <kern/sysenter.h>

.text
.globl sysenter_entry
sysenter_entry:
	/* struct SysenterFrame, from its top down. */
	pushfl
	pushl	%ebp		/* sf_esp */
	pushl	$0		/* sf_eip */
	pushl	%ds
	pushl	%es
	pushl	%esi
	pushl	%edi
	pushl	%ebx
	pushl	%ecx
	pushl	%edx
	pushl	%eax		/* sf_num */
	/* sysenter keeps the caller's flags but IF.  The kernel expects the
	 * direction flag clear, and a nested task flag would turn the next
	 * iret into a task switch: clear them (AC and IOPL do nothing in
	 * ring 0; a trap flag never gets here, see sysenter_skip_single_step). */
	cld
	testl	$FL_NT, SF_EFLAGS(%esp)
	jz	1f
	pushl	$0
	popfl
1:
	/* The user's flat data segment serves the kernel as well (a DPL 3
	 * data segment is usable at CPL 0), which saves loading two segment
	 * registers now and two again on the way out.  Anything else the
	 * user may have loaded (a null selector) cannot serve: load the
	 * kernel's, and sysenter_syscall returns by iret, which restores the
	 * user's. */
	cmpw	$(GD_UD | 3), SF_DS(%esp)
	jne	2f
	cmpw	$(GD_UD | 3), SF_ES(%esp)
	je	3f
2:	movw	$GD_KD, %ax
	movw	%ax, %ds
	movw	%ax, %es
3:	xorl	%ebp, %ebp	/* the kernel's chain of frames ends here */
	pushl	%esp		/* the struct SysenterFrame * argument */
	call	sysenter_syscall
	/* Back here only to return by sysexit, with the result in %eax.
	 * %ebx, %esi and %edi are the caller's still (the C code saved and
	 * restored them); %ebp held the user stack pointer. */
	movl	4+SF_EIP(%esp), %edx
	movl	4+SF_ESP(%esp), %ecx
	movl	%ecx, %ebp
	addl	$(4 + SF_EFLAGS), %esp
	/* The caller's flags, IF still clear: an interrupt now would land
	 * on the kernel stack in ring 0 without the kernel lock.  The "sti"
	 * takes effect only after sysexit. */
	popfl
	sti
	sysexit
