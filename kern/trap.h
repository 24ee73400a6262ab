/* Trap and interrupt handling (kern/trap.c). */
#ifndef JOS_KERN_TRAP_H
#define JOS_KERN_TRAP_H

#include <inc/trap.h>
#include <inc/mmu.h>

/* The trap number the sysenter entry gives a system call, so that the
 * kernel knows to take the return address from the user stack.  Not a
 * vector: no "int" instruction can raise it. */
#define T_SYSENTER	256

/* Model-specific registers sysenter loads the kernel's cs, esp, eip from. */
#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

/* Where tf_cs lies in struct Trapframe, for kern/trapentry.S (checked in
 * kern/trap.c). */
#define TF_CS_OFFSET		52

#ifndef __ASSEMBLER__

extern struct Gatedesc idt[];
extern struct Pseudodesc idt_pd;

void trap_init(void);
void trap_init_percpu(void);
void print_regs(struct PushRegs *regs);
void print_trapframe(struct Trapframe *tf);
void page_fault_handler(struct Trapframe *tf);
void trap(struct Trapframe *tf) __attribute__((noreturn));

#endif /* !__ASSEMBLER__ */

#endif
