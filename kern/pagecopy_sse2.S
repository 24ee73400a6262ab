/*
 * void page_copy_sse2(void *dst, const void *src): copy one 4 KB page,
 * both addresses 8-byte aligned, in 64-bit moves through %xmm0-%xmm3.
 * The %xmm registers may hold an env's values (kern/fpu.c), so the four
 * used here are saved on the stack first and restored after.  Called
 * with interrupts off, as all kernel code runs, and CR0.TS clear.
 */
#include <inc/mmu.h>

/* Copy the 32 bytes at off(%eax) to off(%edx). */
.macro COPY32 off
	movq	\off(%eax), %xmm0
	movq	\off+8(%eax), %xmm1
	movq	\off+16(%eax), %xmm2
	movq	\off+24(%eax), %xmm3
	movq	%xmm0, \off(%edx)
	movq	%xmm1, \off+8(%edx)
	movq	%xmm2, \off+16(%edx)
	movq	%xmm3, \off+24(%edx)
.endm

.text
.globl page_copy_sse2
page_copy_sse2:
	movl	4(%esp), %edx
	movl	8(%esp), %eax
	subl	$64, %esp
	movups	%xmm0, 0(%esp)
	movups	%xmm1, 16(%esp)
	movups	%xmm2, 32(%esp)
	movups	%xmm3, 48(%esp)
	movl	$(PGSIZE / 64), %ecx
1:	COPY32	0
	COPY32	32
	addl	$64, %eax
	addl	$64, %edx
	decl	%ecx
	jnz	1b
	movups	0(%esp), %xmm0
	movups	16(%esp), %xmm1
	movups	32(%esp), %xmm2
	movups	48(%esp), %xmm3
	addl	$64, %esp
	ret
