/* The sysenter fast path for system calls (kern/sysenterentry.S,
 * kern/sysenter.c). */
#ifndef JOS_KERN_SYSENTER_H
#define JOS_KERN_SYSENTER_H

/* Model-specific registers sysenter loads the kernel's cs, esp, eip from. */
#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

/* Offsets into struct SysenterFrame, for kern/sysenterentry.S. */
#define SF_DS		28
#define SF_ES		24
#define SF_EIP		32
#define SF_ESP		36
#define SF_EFLAGS	40

#ifndef __ASSEMBLER__

#include <inc/types.h>
#include <inc/trap.h>

/*
 * What sysenter_entry saves on the kernel stack: the user registers as
 * the system call left them, and what sysexit needs to return.  Lowest
 * address first; the top of this CPU's kernel stack is just above it.
 */
struct SysenterFrame {
	uint32_t sf_num;	/* %eax: the call number */
	uint32_t sf_a1;		/* %edx */
	uint32_t sf_a2;		/* %ecx */
	uint32_t sf_a3;		/* %ebx */
	uint32_t sf_a4;		/* %edi */
	uint32_t sf_a5;		/* %esi */
	uint16_t sf_es;
	uint16_t sf_padding1;
	uint16_t sf_ds;
	uint16_t sf_padding2;
	uintptr_t sf_eip;	/* the return address, read from the user stack */
	uintptr_t sf_esp;	/* %ebp: the user stack pointer */
	uint32_t sf_eflags;	/* the caller's own, but IF (sysenter clears it) */
} __attribute__((packed));

extern char sysenter_entry[];

void sysenter_init_percpu(uintptr_t kstacktop);
void sysenter_skip_single_step(struct Trapframe *tf) __attribute__((noreturn));
int32_t sysenter_syscall(struct SysenterFrame *f);

#endif /* !__ASSEMBLER__ */

#endif
