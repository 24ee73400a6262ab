/*
 * void memcpy_page(void *dst, const void *src): copy one 4 KB page, both
 * addresses 4-byte aligned.  An unrolled loop of plain 32-bit moves: an
 * emulator such as QEMU runs "rep movsl" one element per trip through
 * its dispatch loop, several times slower than straight-line moves, and
 * copying is most of the cost of a copy-on-write fault.
 */
#include <inc/mmu.h>

.text
.globl memcpy_page
memcpy_page:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %edi
	movl	24(%esp), %esi
	movl	$(PGSIZE / 32), %ecx
1:	movl	0(%esi), %eax
	movl	4(%esi), %ebx
	movl	8(%esi), %edx
	movl	12(%esi), %ebp
	movl	%eax, 0(%edi)
	movl	%ebx, 4(%edi)
	movl	%edx, 8(%edi)
	movl	%ebp, 12(%edi)
	movl	16(%esi), %eax
	movl	20(%esi), %ebx
	movl	24(%esi), %edx
	movl	28(%esi), %ebp
	movl	%eax, 16(%edi)
	movl	%ebx, 20(%edi)
	movl	%edx, 24(%edi)
	movl	%ebp, 28(%edi)
	addl	$32, %esi
	addl	$32, %edi
	decl	%ecx
	jnz	1b
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
