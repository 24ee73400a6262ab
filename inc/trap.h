/* Trap numbers and the register frames saved on a trap. */
#ifndef JOS_INC_TRAP_H
#define JOS_INC_TRAP_H

/* Processor exceptions, as Intel numbers them. */
#define T_DIVIDE     0		/* divide error */
#define T_DEBUG      1		/* debug exception */
#define T_NMI        2		/* non-maskable interrupt */
#define T_BRKPT      3		/* breakpoint */
#define T_OFLOW      4		/* overflow */
#define T_BOUND      5		/* bounds check */
#define T_ILLOP      6		/* illegal opcode */
#define T_DEVICE     7		/* device not available */
#define T_DBLFLT     8		/* double fault */
/* 9 is reserved */
#define T_TSS       10		/* invalid task switch segment */
#define T_SEGNP     11		/* segment not present */
#define T_STACK     12		/* stack exception */
#define T_GPFLT     13		/* general protection fault */
#define T_PGFLT     14		/* page fault */
/* 15 is reserved */
#define T_FPERR     16		/* floating point error */
#define T_ALIGN     17		/* alignment check */
#define T_MCHK      18		/* machine check */
#define T_SIMDERR   19		/* SIMD floating point error */

/* The system call vector; an arbitrary choice outside the exceptions. */
#define T_SYSCALL   48

/* Hardware interrupts arrive at IRQ_OFFSET + IRQ number. */
#define IRQ_OFFSET	32

#define IRQ_TIMER        0
#define IRQ_KBD          1
#define IRQ_SERIAL       4
#define IRQ_SPURIOUS     7
#define IRQ_IDE         14	/* the IDE disk (named by classic JOS) */
#define IRQ_ERROR       19

#ifndef __ASSEMBLER__

#include <inc/types.h>

/* The general registers in the order "pushal" leaves them on the stack. */
struct PushRegs {
	uint32_t reg_edi;
	uint32_t reg_esi;
	uint32_t reg_ebp;
	uint32_t reg_oesp;	/* esp before pushal: useless, ignored */
	uint32_t reg_ebx;
	uint32_t reg_edx;
	uint32_t reg_ecx;
	uint32_t reg_eax;
} __attribute__((packed));

/* Everything the kernel saves about the interrupted code, lowest address
 * first: what the trap entry stub pushed, then what the processor did. */
struct Trapframe {
	struct PushRegs tf_regs;
	uint16_t tf_es;
	uint16_t tf_padding1;
	uint16_t tf_ds;
	uint16_t tf_padding2;
	uint32_t tf_trapno;
	/* Pushed by the processor (tf_err by the stub when it does not). */
	uint32_t tf_err;
	uintptr_t tf_eip;
	uint16_t tf_cs;
	uint16_t tf_padding3;
	uint32_t tf_eflags;
	/* Pushed only on a change of privilege level. */
	uintptr_t tf_esp;
	uint16_t tf_ss;
	uint16_t tf_padding4;
} __attribute__((packed));

/* What the kernel pushes on the user exception stack for a page fault
 * upcall.  lib/pfentry.S depends on this exact layout. */
struct UTrapframe {
	uint32_t utf_fault_va;	/* the faulting address (cr2) */
	uint32_t utf_err;
	struct PushRegs utf_regs;
	uintptr_t utf_eip;
	uint32_t utf_eflags;
	uintptr_t utf_esp;	/* the trap-time stack */
} __attribute__((packed));

#endif /* !__ASSEMBLER__ */

#endif
