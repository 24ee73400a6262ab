/* Traps, exceptions and interrupts: the IDT, the TSS of each CPU, and the
 * one C entry point, trap(), that every vector leads to. */
#include <inc/mmu.h>
#include <inc/x86.h>
#include <inc/assert.h>
#include <inc/string.h>

#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/console.h>
#include <kern/monitor.h>
#include <kern/env.h>
#include <kern/fpu.h>
#include <kern/syscall.h>
#include <kern/sched.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/tlbshoot.h>
#include <kern/sysenter.h>
#include <kern/time.h>

/* The stubs of kern/trapentry.S, one per vector (0 for the IRQs), and
 * the IRQs' own, one per IRQ. */
extern uintptr_t trap_vectors[256];
extern uintptr_t irq_vectors[16];

struct Gatedesc idt[256] = { { 0 } };
struct Pseudodesc idt_pd = {
	sizeof(idt) - 1, (uint32_t) idt
};

_Static_assert(offsetof(struct Trapframe, tf_cs) == TF_CS_OFFSET,
	       "trapentry.S finds tf_cs at TF_CS_OFFSET");

/* The trap being handled on each CPU, so print_trapframe knows when cr2
 * still belongs to it. */
static struct Trapframe *last_tf[NCPU];

static const char *
trapname(int trapno)
{
	static const char * const excnames[] = {
		"Divide error",
		"Debug",
		"Non-Maskable Interrupt",
		"Breakpoint",
		"Overflow",
		"BOUND Range Exceeded",
		"Invalid Opcode",
		"Device Not Available",
		"Double Fault",
		"Coprocessor Segment Overrun",
		"Invalid TSS",
		"Segment Not Present",
		"Stack Fault",
		"General Protection",
		"Page Fault",
		"(unknown trap)",
		"x87 FPU Floating-Point Error",
		"Alignment Check",
		"Machine-Check",
		"SIMD Floating-Point Exception"
	};

	if (trapno < (int) ARRAY_SIZE(excnames))
		return excnames[trapno];
	if (trapno == T_SYSCALL)
		return "System call";
	if (trapno >= IRQ_OFFSET && trapno < IRQ_OFFSET + 16)
		return "Hardware Interrupt";
	return "(unknown trap)";
}

/* Fill the IDT: every vector gets its stub as an interrupt gate, so the
 * kernel always runs with interrupts off.  User code may raise only the
 * breakpoint and system call vectors itself. */
void
trap_init(void)
{
	/* LAB 3: fill the IDT with the entry stubs of kern/trapentry.S,
	 * all but the IRQs' (lab 4's); only the breakpoint and system
	 * call vectors may be raised from user mode. */
	int i;

	for (i = 0; i < 256; i++)
		if (trap_vectors[i])
			SETGATE(idt[i], 0, GD_KT, trap_vectors[i], 0);
	SETGATE(idt[T_BRKPT], 0, GD_KT, trap_vectors[T_BRKPT], 3);
	SETGATE(idt[T_SYSCALL], 0, GD_KT, trap_vectors[T_SYSCALL], 3);
	/* END LAB 3 */

	/* LAB 4: give IRQs 0 to 15 their stubs (irq_vectors) as
	 * interrupt gates that user code may not raise itself. */
	for (int irq = 0; irq < 16; irq++)
		SETGATE(idt[IRQ_OFFSET + irq], 0, GD_KT, irq_vectors[irq], 0);
	/* HANDOUT: no IRQ gates; trap_dispatch drops IRQs. */
	/* END LAB 4 */

	trap_init_percpu();
}

/* Give this CPU its TSS (traps from user mode switch to this CPU's kernel
 * stack) and load the IDT. */
void
trap_init_percpu(void)
{
	/* LAB 4: make this work on every CPU, not only CPU 0: CPU i's TSS
	 * is thiscpu->cpu_ts, its esp0 the top of CPU i's stack
	 * (percpu_kstacktop(i)), its descriptor gdt[(GD_TSS0 >> 3) + i],
	 * and its selector GD_TSS0 + (i << 3), which ltr loads (cpunum()
	 * reads it back).  Then load the IDT. */
	int id = cpunum();
	struct Taskstate *ts = &thiscpu->cpu_ts;
	int slot = (GD_TSS0 >> 3) + id;

	ts->ts_esp0 = percpu_kstacktop(id);
	ts->ts_ss0 = GD_KD;
	/* No I/O permission bitmap: user code may not touch any port. */
	ts->ts_iomb = sizeof(struct Taskstate);

	gdt[slot] = SEG16(STS_T32A, (uint32_t) ts, sizeof(struct Taskstate) - 1, 0);
	gdt[slot].sd_s = 0;
	ltr(GD_TSS0 + (id << 3));
	lidt(&idt_pd);
	/* HANDOUT: lab 3's, right for CPU 0 only. */
	/* END LAB 4 */

	/* sysenter lands on this CPU's kernel stack too. */
	sysenter_init_percpu(percpu_kstacktop(cpunum()));
}

void
print_regs(struct PushRegs *regs)
{
	cprintf("  edi  0x%08x\n", regs->reg_edi);
	cprintf("  esi  0x%08x\n", regs->reg_esi);
	cprintf("  ebp  0x%08x\n", regs->reg_ebp);
	cprintf("  oesp 0x%08x\n", regs->reg_oesp);
	cprintf("  ebx  0x%08x\n", regs->reg_ebx);
	cprintf("  edx  0x%08x\n", regs->reg_edx);
	cprintf("  ecx  0x%08x\n", regs->reg_ecx);
	cprintf("  eax  0x%08x\n", regs->reg_eax);
}

/* Print tf in the format graders and students know. */
void
print_trapframe(struct Trapframe *tf)
{
	bool pgflt = tf->tf_trapno == T_PGFLT;

	cprintf("TRAP frame at %p from CPU %d\n", tf, cpunum());
	print_regs(&tf->tf_regs);
	cprintf("  es   0x----%04x\n", tf->tf_es);
	cprintf("  ds   0x----%04x\n", tf->tf_ds);
	cprintf("  trap 0x%08x %s\n", tf->tf_trapno, trapname(tf->tf_trapno));
	if (pgflt && tf == last_tf[cpunum()])
		cprintf("  cr2  0x%08x\n", rcr2());
	cprintf("  err  0x%08x", tf->tf_err);
	if (pgflt)
		cprintf(" [%s, %s, %s]\n",
			tf->tf_err & FEC_U ? "user" : "kernel",
			tf->tf_err & FEC_WR ? "write" : "read",
			tf->tf_err & FEC_PR ? "protection" : "not-present");
	else
		cprintf("\n");
	cprintf("  eip  0x%08x\n", tf->tf_eip);
	cprintf("  cs   0x----%04x\n", tf->tf_cs);
	cprintf("  flag 0x%08x\n", tf->tf_eflags);
	if ((tf->tf_cs & 3) != 0) {
		cprintf("  esp  0x%08x\n", tf->tf_esp);
		cprintf("  ss   0x----%04x\n", tf->tf_ss);
	}
}

/* Is tf the fault of an IRQ whose IDT gate is missing (lab 4's IRQ
 * stubs not yet written, in the handout)?  Its error code names the
 * IDT entry.  (QEMU leaves out the external-event bit, so a user's
 * "int" to that vector looks the same, and is dropped the same way.) */
static bool
irq_without_gate(const struct Trapframe *tf)
{
	uint32_t vector = tf->tf_err >> 3;

	return (tf->tf_err & 2) && vector >= IRQ_OFFSET &&
	       vector < IRQ_OFFSET + 16 && !idt[vector].gd_p;
}

/* Send tf to the handler its vector calls for.  Returns when the
 * interrupted env (if any) may simply continue. */
static void
trap_dispatch(struct Trapframe *tf)
{
	/* Console input, whose interrupts are unmasked from lab 5 on. */
	if (tf->tf_trapno == IRQ_OFFSET + IRQ_KBD ||
	    tf->tf_trapno == IRQ_OFFSET + IRQ_SERIAL) {
		/* LAB 5: hand the interrupt to the keyboard's or the serial
		 * port's driver, which queue the bytes for the console. */
		if (tf->tf_trapno == IRQ_OFFSET + IRQ_KBD)
			kbd_intr();
		else
			serial_intr();
		/* END LAB 5 */
		return;
	}
	/* The clock of lab 6, once time_init has started it; the timer
	 * interrupt then goes on to the scheduler. */
	if (tf->tf_trapno == IRQ_OFFSET + IRQ_TIMER && time_started()) {
		/* LAB 6: count the tick, on one CPU only. */
		if (cpunum() == 0)
			time_tick();
		/* END LAB 6 */
	}
	if (tf->tf_trapno == IRQ_OFFSET + IRQ_TIMER) {
		if (!sched_tick_ends_run())
			return;
		/* LAB 4: preempt the env: acknowledge the interrupt with
		 * lapic_eoi, then let sched_yield pick what runs next. */
		lapic_eoi();
		sched_yield();
		/* HANDOUT: a tick changes nothing. */
		/* END LAB 4 */
		return;
	}
	/* The kernel's own vectors, which no lab asks for. */
	switch (tf->tf_trapno) {
	case T_SEGNP:
	case T_GPFLT:
		if (irq_without_gate(tf)) {
			lapic_eoi();
			return;
		}
		break;
	case T_DEVICE:
		if ((tf->tf_cs & 3) == 0)
			break;		/* the kernel uses no FPU: a bug */
		fpu_trap();
		return;
	case IRQ_OFFSET + IRQ_SPURIOUS:
		/* The 8259 raises these on noise; there is nothing to do. */
		return;
	case IRQ_OFFSET + IRQ_ERROR:
		cprintf("LAPIC error interrupt on CPU %d\n", cpunum());
		return;
	case T_TLBSHOOT:
		/* trap() flushed the TLB on the way in. */
		return;
	}
	/* LAB 3: send each kind of trap to its handler: page faults,
	 * breakpoints, system calls (by int $0x30; sysenter's arrive
	 * elsewhere); any other trap from user mode destroys the env,
	 * from the kernel it panics. */
	switch (tf->tf_trapno) {
	case T_PGFLT:
		page_fault_handler(tf);
		return;
	case T_BRKPT:
	case T_DEBUG:
		monitor(tf);
		/* monitor does not return */
	case T_SYSCALL:
		syscall_trapframe(tf);
		return;
	}

	print_trapframe(tf);
	if ((tf->tf_cs & 3) == 0)
		panic("unhandled trap in kernel");
	env_destroy(curenv);
	/* END LAB 3 */
}

/*
 * This CPU has just come into the kernel from user mode in curenv (by a
 * trap or by sysenter) and taken the kernel lock: catch up with what
 * other CPUs did meanwhile.  They may have changed curenv's mappings
 * (flush the TLB if asked to) or destroyed it (then free it and schedule
 * another env: does not return).  Caller holds the kernel lock.
 */
void
catch_up_or_free_curenv(void)
{
	assert(kernel_lock_held());
	tlb_flush_if_asked();
	assert(curenv);
	if (curenv->env_status == ENV_DYING) {
		env_free(curenv);
		curenv = NULL;
		sched_yield();
	}
}

/*
 * Every trap and interrupt arrives here from kern/trapentry.S with tf on
 * this CPU's kernel stack.  A trap from user mode takes the kernel lock
 * and is saved into curenv, so the env can be resumed or rescheduled from
 * there.  Never returns: resumes curenv or schedules another env.
 */
void
trap(struct Trapframe *tf)
{
	tlb_enter_kernel();
	/* A single-step trap in the kernel at sysenter's entry (a user
	 * jumping to that address traps in user mode: a plain single step,
	 * for the monitor). */
	if (tf->tf_trapno == T_DEBUG && (tf->tf_cs & 3) == 0 &&
	    tf->tf_eip == (uintptr_t) sysenter_entry)
		sysenter_skip_single_step(tf);
	/* Acknowledge an interrupt from the local APIC at once, or it
	 * delivers no more: some paths below never come back (freeing a
	 * dying env, the scheduler). */
	if (tf->tf_trapno == IRQ_OFFSET + IRQ_TIMER ||
	    tf->tf_trapno == IRQ_OFFSET + IRQ_ERROR ||
	    tf->tf_trapno == T_TLBSHOOT)
		lapic_eoi();
	/* A CPU woken from sched_halt left the kernel lock behind. */
	if (xchg(&thiscpu->cpu_status, CPU_STARTED) == CPU_HALTED)
		lock_kernel();
	assert(!(read_eflags() & FL_IF));

	if ((tf->tf_cs & 3) == 3) {
		/* LAB 4: take the big kernel lock before any other kernel
		 * work: from here on this CPU shares the kernel's data. */
		lock_kernel();
		/* HANDOUT: one CPU runs the kernel until then. */
		/* END LAB 4 */
		catch_up_or_free_curenv();
		/* Lab 3's kernel showed where each trap's frame lands: on
		 * this CPU's kernel stack, before the copy into curenv. */
		if (kernel_lab <= 3)
			cprintf("Incoming TRAP frame at %p\n", tf);
		curenv->env_tf = *tf;
		tf = &curenv->env_tf;
		env_save_user_segs(curenv);
	}
	last_tf[cpunum()] = tf;

	trace_trap(tf);
	trap_dispatch(tf);
	trace_trap_done(tf);

	sched_return_to_user();
}

/*
 * A user page fault goes to the env's upcall, on its exception stack; the
 * upcall returns to the faulting code itself.  With no upcall, or when
 * the exception stack or the upcall is unusable, the env is destroyed.
 * A page fault in the kernel is a kernel bug: panic.
 */
void
page_fault_handler(struct Trapframe *tf)
{
	uint32_t fault_va = rcr2();

	if ((tf->tf_cs & 3) == 0)
		panic("kernel page fault at va %08x, ip %08x", fault_va, tf->tf_eip);

	if (!curenv->env_pgfault_upcall) {
		cprintf("[%08x] user fault va %08x ip %08x\n",
			curenv->env_id, fault_va, tf->tf_eip);
		print_trapframe(tf);
		env_destroy(curenv);
		return;
	}

	/* LAB 4: push a UTrapframe of the fault on the user exception
	 * stack (below the current frame, with one empty word between,
	 * if the fault happened on that stack), destroying the env if it
	 * may not write there or the upcall is not in user memory; then
	 * make the env resume at its upcall with %esp at the frame. */
	/* A fault inside the handler nests below the current frame, with
	 * one empty word between, where the upcall stores its return eip. */
	uintptr_t top = UXSTACKTOP;
	struct UTrapframe *utf;

	if (tf->tf_esp >= UXSTACKTOP - PGSIZE && tf->tf_esp < UXSTACKTOP)
		top = tf->tf_esp - 4;
	utf = (struct UTrapframe *) (top - sizeof(struct UTrapframe));

	if ((uintptr_t) utf < UXSTACKTOP - PGSIZE)
		user_mem_reject(curenv, (uintptr_t) utf);	/* overflow */
	user_mem_assert(curenv, utf, sizeof(*utf), PTE_W);
	user_mem_assert(curenv, curenv->env_pgfault_upcall, 1, 0);

	utf->utf_fault_va = fault_va;
	utf->utf_err = tf->tf_err;
	utf->utf_regs = tf->tf_regs;
	utf->utf_eip = tf->tf_eip;
	utf->utf_eflags = tf->tf_eflags;
	utf->utf_esp = tf->tf_esp;

	tf->tf_esp = (uintptr_t) utf;
	tf->tf_eip = (uintptr_t) curenv->env_pgfault_upcall;
	/* END LAB 4 */
}
