/*
 * The sysenter fast path for system calls (entry and exit in
 * kern/sysenterentry.S; docs/syscall-paths.md walks through it).
 *
 * Why it exists: a system call by "int $0x30" (kern/trapentry.S, trap())
 * saves the caller's every register into a struct Trapframe, copies that
 * into the env, loads four segment registers and returns by iret, so that
 * the env can be resumed from its Trapframe whatever happens.  Most calls
 * return to their caller at once, on the same CPU, and need none of that.
 * What it gains: under QEMU the null system call costs well under half
 * as much as by int (docs/performance.md has the figures).
 *
 * A call that may leave the CPU (yield, a blocking IPC call, exofork,
 * which copies the caller's registers, destroying oneself) or that finds
 * anything unusual gets its Trapframe built from the frame sysenter_entry
 * saved, and is then handled exactly as if it had come by int $0x30.
 */
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/syscall.h>
#include <kern/sysenter.h>
#include <kern/tlbshoot.h>
#include <kern/trap.h>

/* Make sysenter on this CPU enter the kernel at sysenter_entry, on the
 * kernel stack whose top is kstacktop. */
void
sysenter_init_percpu(uintptr_t kstacktop)
{
	/* sysenter takes %cs from MSR_SYSENTER_CS and %ss from the next GDT
	 * slot; sysexit takes the user %cs and %ss from the two slots after
	 * those: the GDT must hold kernel text, kernel data, user text,
	 * user data in that order. */
	static_assert(GD_KD == GD_KT + 8 && GD_UT == GD_KT + 16 &&
		      GD_UD == GD_KT + 24);
	/* kern/sysenterentry.S uses these offsets. */
	static_assert(offsetof(struct SysenterFrame, sf_es) == SF_ES);
	static_assert(offsetof(struct SysenterFrame, sf_ds) == SF_DS);
	static_assert(offsetof(struct SysenterFrame, sf_eip) == SF_EIP);
	static_assert(offsetof(struct SysenterFrame, sf_esp) == SF_ESP);
	static_assert(offsetof(struct SysenterFrame, sf_eflags) == SF_EFLAGS);
	wrmsr(MSR_SYSENTER_CS, GD_KT);
	wrmsr(MSR_SYSENTER_ESP, kstacktop);
	wrmsr(MSR_SYSENTER_EIP, (uintptr_t) sysenter_entry);
}

/*
 * tf is a single-step trap taken in the kernel at sysenter_entry:
 * sysenter keeps the caller's trap flag, so a user single-stepping into
 * it traps there before the kernel can clear the flag.  Clear it (the
 * system call is not stepped) and go on with the call.
 */
void
sysenter_skip_single_step(struct Trapframe *tf)
{
	tf->tf_eflags &= ~FL_TF;
	env_pop_tf(tf);
}

/* The page directory and page tables of the address space loaded now,
 * as every env's own mapping at UVPT shows them.  In a system call that
 * is the caller's. */
#define cur_pgtables	((const volatile pte_t *) UVPT)
#define cur_pgdir	((const volatile pde_t *) (UVPT + PGNUM(UVPT) * 4))

/*
 * The return address the user stub left on top of its stack at esp.  An
 * aligned word the page tables let the user read is read at once: the
 * check user_mem_assert makes, but in two loads instead of a walk through
 * three functions, which cost a quarter of the null system call.
 * Anything else is left to user_mem_assert, which destroys an env whose
 * pointer is bad, with the classic message (and does not return).
 */
static uintptr_t
user_return_eip(uintptr_t esp)
{
	const uint32_t pu = PTE_P | PTE_U;

	if (esp % sizeof(uint32_t) != 0 || esp >= ULIM ||
	    (cur_pgdir[PDX(esp)] & pu) != pu ||
	    (cur_pgtables[PGNUM(esp)] & pu) != pu)
		user_mem_assert(curenv, (void *) esp, sizeof(uint32_t), 0);
	return *(const uint32_t *) esp;
}

/* Can sysexit restore what f describes?  Not if the user had data
 * segments of its own (sysenter_entry then loaded the kernel's), nor a
 * trap flag, which popfl would set in the kernel. */
static bool
sysexit_can_return(const struct SysenterFrame *f)
{
	return f->sf_ds == (GD_UD | 3) && f->sf_es == (GD_UD | 3) &&
	       !(f->sf_eflags & FL_TF);
}

/* Save the caller's registers from f into curenv->env_tf, as the
 * Trapframe "int $0x30" would have made, with result in %eax. */
static void
save_trapframe(const struct SysenterFrame *f, uint32_t result)
{
	struct Trapframe *tf = &curenv->env_tf;

	tf->tf_regs = (struct PushRegs) {
		.reg_eax = result, .reg_edx = f->sf_a1, .reg_ecx = f->sf_a2,
		.reg_ebx = f->sf_a3, .reg_edi = f->sf_a4, .reg_esi = f->sf_a5,
		.reg_ebp = f->sf_esp,
	};
	tf->tf_es = f->sf_es;
	tf->tf_ds = f->sf_ds;
	tf->tf_trapno = T_SYSCALL;
	tf->tf_err = 0;
	tf->tf_eip = f->sf_eip;
	tf->tf_cs = GD_UT | 3;
	tf->tf_eflags = f->sf_eflags | FL_IF;
	tf->tf_esp = f->sf_esp;
	tf->tf_ss = GD_UD | 3;
	env_save_user_segs(curenv);
}

/*
 * The system call sysenter_entry saved in f, on this CPU's kernel stack.
 * Returns its result, for sysenter_entry to return to the caller by
 * sysexit, when that is all there is to do; otherwise (the call leaves
 * the CPU, the caller stopped itself, sysexit cannot restore the caller)
 * does not return.  Takes the kernel lock and releases it before
 * returning.
 */
int32_t
sysenter_syscall(struct SysenterFrame *f)
{
	int32_t r;

	tlb_enter_kernel();
	lock_kernel();
	catch_up_or_free_curenv();
	f->sf_eip = user_return_eip(f->sf_esp);

	if (!sysexit_can_return(f) ||
	    !syscall_run_if_fast(f->sf_num, f->sf_a1, f->sf_a2, f->sf_a3,
				 f->sf_a4, f->sf_a5, &r)) {
		/* The slow way: the Trapframe int $0x30 would have made,
		 * and the rest as after an int $0x30. */
		save_trapframe(f, f->sf_num);
		syscall_trapframe(&curenv->env_tf);
		sched_return_to_user();
	}
	if (curenv->env_status != ENV_RUNNING) {
		/* It stopped itself (sys_env_set_status). */
		save_trapframe(f, r);
		sched_return_to_user();
	}
	tlb_leave_kernel();
	unlock_kernel();
	return r;
}
