/* User program entry.  The kernel starts a new env at _start with %esp at
 * USTACKTOP and nothing on the stack; spawn starts one with argc and argv
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
	/* Arguments on the stack (spawn put them there): %esp points at
	 * argc, then argv, as libmain's parameters. */
	cmpl	$USTACKTOP, %esp
	jne	.Lcall_libmain
	/* None: argv = NULL, argc = 0. */
	pushl	$0
	pushl	$0
.Lcall_libmain:
	/* A zero frame pointer ends every backtrace. */
	xorl	%ebp, %ebp
	call	libmain
	/* libmain exits; should it ever return, stay put. */
1:	jmp	1b
