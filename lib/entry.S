/* User program entry.  The kernel starts a new env at _start with %esp at
 * USTACKTOP and nothing on the stack; spawn starts one with its arguments
 * on the stack (lib/spawn.c). */
#include <inc/mmu.h>
#include <inc/memlayout.h>

/* The kernel's read-only views, at fixed addresses (inc/memlayout.h). */
.globl envs
.set envs, UENVS
.globl pages
.set pages, UPAGES
.globl uvpt
.set uvpt, UVPT
/* The page directory is the page of uvpt[] that maps UVPT itself. */
.globl uvpd
.set uvpd, (UVPT + (UVPT >> PGSHIFT) * 4)

.text
.globl _start
_start:
	cmpl	$USTACKTOP, %esp
	jne	.Largs_on_stack
	/* Started by the kernel: nothing on the stack.  The word just
	 * below USTACKTOP is the thisenv slot (inc/lib.h): reserve it,
	 * zeroed, before anything else uses the stack. */
	pushl	$0
	/* No arguments: argv = NULL, argc = 0. */
	pushl	$0
	pushl	$0
	jmp	.Lcall_libmain

.Largs_on_stack:
	/*
	 * Started by spawn: %esp points at argc, then argv, and the argv
	 * array and strings lie above, the strings ending at USTACKTOP,
	 * over the thisenv slot.  Slide all of it down one word to free
	 * the slot, then move the pointers into it (the argv word and
	 * each argv[i]) down with it.
	 */
	movl	%esp, %esi
	leal	-4(%esp), %edi
	movl	$USTACKTOP, %ecx
	subl	%esp, %ecx
	shrl	$2, %ecx
	cld
	rep movsl
	movl	$0, USTACKTOP - 4
	movl	%esp, %ebx		/* the block's old start */
	subl	$4, %esp
	leal	4(%esp), %eax		/* &argv word */
	call	.Lslide_pointer
	movl	(%esp), %ecx		/* argc */
	movl	4(%esp), %edx		/* argv */
1:	testl	%ecx, %ecx
	jz	.Lcall_libmain
	movl	%edx, %eax
	call	.Lslide_pointer
	addl	$4, %edx
	decl	%ecx
	jmp	1b

.Lcall_libmain:
	/* A zero frame pointer ends every backtrace. */
	xorl	%ebp, %ebp
	call	libmain
	/* libmain exits; should it ever return, stay put. */
1:	jmp	1b

/* If the word at %eax points into the moved block [%ebx, USTACKTOP),
 * make it point where that byte is now, 4 lower. */
.Lslide_pointer:
	cmpl	%ebx, (%eax)
	jb	1f
	cmpl	$USTACKTOP, (%eax)
	jae	1f
	subl	$4, (%eax)
1:	ret
