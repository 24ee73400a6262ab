/* Trap and interrupt handling (kern/trap.c). */
#ifndef JOS_KERN_TRAP_H
#define JOS_KERN_TRAP_H

#include <inc/trap.h>
#include <inc/mmu.h>

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
void catch_up_or_free_curenv(void);

#endif /* !__ASSEMBLER__ */

#endif
