/*
 * The boot sector's first half.  The BIOS loads sector 0 of the boot disk
 * at 0x7C00 and jumps to start in 16-bit real mode.  This code opens the
 * A20 gate, switches to 32-bit protected mode with flat 4 GiB segments,
 * puts the stack just below itself and calls bootmain (boot/main.c),
 * which loads the kernel and jumps to it.
 */
#include <inc/mmu.h>

/* Selectors of the two segments in the GDT below. */
#define CODE_SEL	0x08
#define DATA_SEL	0x10

.code16
.globl start
start:
	/* Nothing may interrupt us while the segment rules change. */
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss

	/* Until A20 is on, physical addresses wrap at 1 MiB, where the
	 * kernel goes.  The keyboard controller's output port drives the
	 * gate: wait until the controller takes input, ask to write the
	 * output port, wait again, then write it with the A20 bit set. */
1:	inb	$0x64, %al
	testb	$0x02, %al
	jnz	1b
	movb	$0xd1, %al
	outb	%al, $0x64
1:	inb	$0x64, %al
	testb	$0x02, %al
	jnz	1b
	movb	$0xdf, %al
	outb	%al, $0x60

	lgdt	gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	/* Protection is on, but %cs still holds a real-mode value until a
	 * far jump loads the code selector. */
	ljmp	$CODE_SEL, $start32

.code32
start32:
	movw	$DATA_SEL, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movl	$start, %esp
	call	bootmain

	/* bootmain returns only when the disk holds no kernel. */
1:	hlt
	jmp	1b

/* Flat segments: base 0, limit 4 GiB, so addresses are physical. */
.p2align 2
gdt:
	SEG_NULL
	SEG(STA_X | STA_R, 0x0, 0xffffffff)
	SEG(STA_W, 0x0, 0xffffffff)
gdt_desc:
	.word	gdt_desc - gdt - 1
	.long	gdt
