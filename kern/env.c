/* User environments: allocation, loading programs, running and freeing. */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/elf.h>

#include <kern/env.h>
#include <kern/fpu.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/tlbshoot.h>
#include <kern/ipc.h>

struct Env *envs;			/* all envs, allocated by mem_init */
static struct Env *env_free_list;	/* free slots; the next one first */

/* Each env's %fs and %gs, for which struct Trapframe (a fixed layout)
 * has no room: saved at every trap from user mode, and loaded by env_run
 * when they differ from what the CPU holds, so no env sees another's.
 * Not in struct Env, which every env can read at UENVS (inc/env.h). */
struct UserSegs {
	uint16_t fs, gs;
};
static struct UserSegs user_segs[NENV];

/* Generation bits of an env id sit above the slot index. */
#define ENVGENSHIFT	12

/*
 * The global descriptor table: flat kernel and user segments, then one
 * TSS slot per CPU, filled in by trap_init_percpu.
 */
struct Segdesc gdt[NCPU + 5] = {
	[0] = SEG_NULL,
	[GD_KT >> 3] = SEG(STA_X | STA_R, 0x0, 0xffffffff, 0),
	[GD_KD >> 3] = SEG(STA_W, 0x0, 0xffffffff, 0),
	[GD_UT >> 3] = SEG(STA_X | STA_R, 0x0, 0xffffffff, 3),
	[GD_UD >> 3] = SEG(STA_W, 0x0, 0xffffffff, 3),
	[GD_TSS0 >> 3] = SEG_NULL
};

static struct Pseudodesc gdt_pd = {
	sizeof(gdt) - 1, (unsigned long) gdt
};

/*
 * Look up the env with id envid (0 means the caller).  With checkperm,
 * only the caller itself and its children are allowed.  Returns 0 and
 * sets *env_store, or -E_BAD_ENV and sets it to NULL.
 */
int
envid2env(envid_t envid, struct Env **env_store, bool checkperm)
{
	struct Env *e;

	if (envid == 0) {
		*env_store = curenv;
		return 0;
	}
	e = &envs[ENVX(envid)];
	if (e->env_status == ENV_FREE || e->env_id != envid ||
	    (checkperm && e != curenv && e->env_parent_id != curenv->env_id)) {
		*env_store = NULL;
		return -E_BAD_ENV;
	}
	*env_store = e;
	return 0;
}

/* Put every slot on the free list in index order, so that the first env
 * made is envs[0], and load the GDT on the boot CPU. */
void
env_init(void)
{
	/* LAB 3: mark every env free and put them all on the free list,
	 * envs[0] first; then load the GDT. */
	int i;

	env_free_list = NULL;
	for (i = NENV - 1; i >= 0; i--) {
		envs[i].env_id = 0;
		envs[i].env_status = ENV_FREE;
		envs[i].env_link = env_free_list;
		env_free_list = &envs[i];
	}
	env_init_percpu();
	/* END LAB 3 */
}

/* Load the GDT and reload every segment register from it (this CPU). */
void
env_init_percpu(void)
{
	lgdt(&gdt_pd);
	/* User code may use %fs and %gs for its own purposes. */
	asm volatile("movw %%ax,%%gs" : : "a" (GD_UD | 3));
	asm volatile("movw %%ax,%%fs" : : "a" (GD_UD | 3));
	asm volatile("movw %%ax,%%es" : : "a" (GD_KD));
	asm volatile("movw %%ax,%%ds" : : "a" (GD_KD));
	asm volatile("movw %%ax,%%ss" : : "a" (GD_KD));
	asm volatile("ljmp %0,$1f\n 1:\n" : : "i" (GD_KT));
	lldt(0);
}

/* Give e a page directory: the kernel's mappings above UTOP, its own page
 * tables at UVPT, nothing below UTOP.  Returns 0 or -E_NO_MEM. */
static int
env_setup_vm(struct Env *e)
{
	/* LAB 3: give e a page directory of its own holding the
	 * kernel's mappings above UTOP and its own page tables at UVPT. */
	struct PageInfo *p = page_alloc(ALLOC_ZERO);

	if (!p)
		return -E_NO_MEM;
	p->pp_ref++;
	e->env_pgdir = page2kva(p);
	memcpy(&e->env_pgdir[PDX(UTOP)], &kern_pgdir[PDX(UTOP)],
	       (NPDENTRIES - PDX(UTOP)) * sizeof(pde_t));
	e->env_pgdir[PDX(UVPT)] = PADDR(e->env_pgdir) | PTE_P | PTE_U;
	return 0;
	/* END LAB 3 */
}

/*
 * Take a free env slot and set it up to run in user mode with an empty
 * address space, as a child of parent_id (0 for the kernel).  Returns 0
 * and sets *newenv_store, or -E_NO_FREE_ENV / -E_NO_MEM.
 */
int
env_alloc(struct Env **newenv_store, envid_t parent_id)
{
	struct Env *e = env_free_list;
	int32_t generation;
	int r;

	if (!e)
		return -E_NO_FREE_ENV;
	if ((r = env_setup_vm(e)) < 0)
		return r;

	generation = (e->env_id + (1 << ENVGENSHIFT)) & ~(NENV - 1);
	if (generation <= 0)	/* wrapped: ids must stay positive */
		generation = 1 << ENVGENSHIFT;
	e->env_id = generation | (e - envs);
	e->env_parent_id = parent_id;
	e->env_type = ENV_TYPE_USER;
	e->env_status = ENV_RUNNABLE;
	e->env_runs = 0;
	e->env_cpunum = -1;

	memset(&e->env_tf, 0, sizeof(e->env_tf));
	e->env_tf.tf_ds = GD_UD | 3;
	e->env_tf.tf_es = GD_UD | 3;
	e->env_tf.tf_ss = GD_UD | 3;
	e->env_tf.tf_esp = USTACKTOP;
	e->env_tf.tf_cs = GD_UT | 3;
	/* User code always runs with interrupts on, so the timer can
	 * always take the CPU back. */
	e->env_tf.tf_eflags = FL_IF;

	user_segs[e - envs] = (struct UserSegs) { GD_UD | 3, GD_UD | 3 };
	fpu_env_init(e, NULL);

	e->env_pgfault_upcall = NULL;
	e->env_ipc_recving = false;
	e->env_ipc_dstva = NULL;
	e->env_ipc_value = 0;
	e->env_ipc_from = 0;
	e->env_ipc_perm = 0;

	env_free_list = e->env_link;
	e->env_link = NULL;
	*newenv_store = e;

	cprintf("[%08x] new env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	trace_event(TR_ENV_CREATE, e->env_id, parent_id);
	return 0;
}

/* LAB 3: load_icode(e, binary): load each ELF_PROG_LOAD segment of
 * binary into e, set its entry point, and map its one-page stack below
 * USTACKTOP; and any helpers it needs. */
/*
 * Back one ELF segment with fresh zeroed pages in e's address space and
 * copy its file contents in, through the kernel's mapping of each page.
 * Writable segments get PTE_W; a page two segments share gets the union.
 */
static void
load_segment(struct Env *e, uint8_t *binary, struct Proghdr *ph)
{
	uintptr_t file_end = ph->p_va + ph->p_filesz;
	uintptr_t va;
	int perm = PTE_U | ((ph->p_flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0);

	if (ph->p_filesz > ph->p_memsz || ph->p_va + ph->p_memsz < ph->p_va ||
	    ph->p_va + ph->p_memsz > UTOP)
		panic("load_segment: bad program header");

	for (va = ROUNDDOWN(ph->p_va, PGSIZE); va < ph->p_va + ph->p_memsz;
	     va += PGSIZE) {
		pte_t *pte;
		struct PageInfo *pp = page_lookup(e->env_pgdir, (void *) va, &pte);
		uintptr_t lo = MAX(va, (uintptr_t) ph->p_va);
		uintptr_t hi = MIN(va + PGSIZE, file_end);

		if (pp) {
			*pte |= perm;
		} else if (!(pp = page_alloc(ALLOC_ZERO)) ||
			   page_insert(e->env_pgdir, pp, (void *) va, perm) < 0) {
			panic("load_segment: out of memory");
		}
		if (lo < hi)
			memcpy((char *) page2kva(pp) + (lo - va),
			       binary + ph->p_offset + (lo - ph->p_va), hi - lo);
	}
}

/* Load the ELF image binary into e and give it a one-page stack. */
static void
load_icode(struct Env *e, uint8_t *binary)
{
	struct Elf *elf = (struct Elf *) binary;
	struct Proghdr *ph, *eph;
	struct PageInfo *stack;

	if (elf->e_magic != ELF_MAGIC)
		panic("load_icode: not an ELF binary");
	ph = (struct Proghdr *) (binary + elf->e_phoff);
	for (eph = ph + elf->e_phnum; ph < eph; ph++)
		if (ph->p_type == ELF_PROG_LOAD)
			load_segment(e, binary, ph);
	e->env_tf.tf_eip = elf->e_entry;

	if (!(stack = page_alloc(ALLOC_ZERO)) ||
	    page_insert(e->env_pgdir, stack, (void *) (USTACKTOP - PGSIZE),
			PTE_U | PTE_W) < 0)
		panic("load_icode: out of memory for the stack");
}
/* END LAB 3 */

/* Make a new env running the embedded ELF program binary.  Boot only:
 * panics when it cannot. */
void
env_create(uint8_t *binary, enum EnvType type)
{
	/* LAB 3: allocate an env, load binary into it and give it its
	 * type; panic on failure. */
	struct Env *e;
	int r;

	if ((r = env_alloc(&e, 0)) < 0)
		panic("env_create: %e", r);
	load_icode(e, binary);
	e->env_type = type;
	/* END LAB 3 */
	/* The file server drives the disk with in and out itself; no other
	 * env may (IOPL 0: those instructions raise #GP at CPL 3). */
	if (type == ENV_TYPE_FS) {
		/* LAB 5: let the file server env use the I/O instructions,
		 * through the I/O privilege level of its saved flags. */
		e->env_tf.tf_eflags |= FL_IOPL_3;
		/* END LAB 5 */
	}
}

/* Free all of e's memory (pages, page tables, directory) and its slot;
 * the slot is the next one env_alloc hands out. */
void
env_free(struct Env *e)
{
	uint32_t pdeno, pteno;

	/* Never free the directory this CPU is using. */
	if (e == curenv)
		lcr3(PADDR(kern_pgdir));

	cprintf("[%08x] free env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	trace_env_free(e);
	ipc_env_gone(e);

	for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		pte_t *pt;

		if (!(e->env_pgdir[pdeno] & PTE_P))
			continue;
		pt = KADDR(PTE_ADDR(e->env_pgdir[pdeno]));
		for (pteno = 0; pteno < NPTENTRIES; pteno++)
			if (pt[pteno] & PTE_P)
				page_decref(pa2page(PTE_ADDR(pt[pteno])));
		page_decref(pa2page(PTE_ADDR(e->env_pgdir[pdeno])));
		e->env_pgdir[pdeno] = 0;
	}
	page_decref(pa2page(PADDR(e->env_pgdir)));
	e->env_pgdir = NULL;

	e->env_status = ENV_FREE;
	e->env_link = env_free_list;
	env_free_list = e;
}

/*
 * Is e another CPU's current env: running there in user mode, or on its
 * way into or out of the kernel there?  Its status may say otherwise: a
 * parent can stop a running child (ENV_NOT_RUNNABLE), which takes effect
 * only at the child's next trap.  Caller holds the kernel lock.
 */
bool
env_on_other_cpu(struct Env *e)
{
	assert(kernel_lock_held());
	return e != curenv && e->env_cpunum >= 0 &&
	       cpus[e->env_cpunum].cpu_env == e;
}

/*
 * Give e, which may be running (here or on another CPU), status
 * ENV_NOT_RUNNABLE or ENV_DYING, and return only once no other CPU runs
 * it in user mode: then e executes no user instruction until a CPU that
 * holds the kernel lock has seen its new status, and that stops it (or
 * frees it).  A TLB shootdown of e's address space does exactly this: it
 * interrupts every other CPU in user mode with e's page directory and
 * waits until each has entered the kernel (kern/tlbshoot.c).  A CPU
 * already in the kernel needs the lock we hold before it can go back.
 * Caller holds the kernel lock.
 */
void
env_stop(struct Env *e, unsigned status)
{
	assert(kernel_lock_held());
	e->env_status = status;
	tlb_shootdown(e->env_pgdir);
}

/*
 * Destroy e.  If it is running on another CPU, mark it dying and take it
 * off that CPU: that CPU frees it as it enters the kernel.  If e is the
 * env running here, pick another env to run and do not return.
 */
void
env_destroy(struct Env *e)
{
	if (env_on_other_cpu(e)) {
		env_stop(e, ENV_DYING);
		return;
	}
	env_free(e);
	if (curenv == e) {
		curenv = NULL;
		sched_yield();
	}
}

/* Give child a copy of parent's registers, all of them: the trap frame,
 * %fs and %gs, and the floating-point registers (parent is curenv). */
void
env_copy_registers(struct Env *child, struct Env *parent)
{
	child->env_tf = parent->env_tf;
	user_segs[child - envs] = user_segs[parent - envs];
	fpu_env_init(child, parent);
}

/* e, which was running in user mode, has just trapped: keep its %fs and
 * %gs. */
void
env_save_user_segs(struct Env *e)
{
	struct UserSegs *s = &user_segs[e - envs];

	asm volatile("movw %%fs,%0" : "=m" (s->fs));
	asm volatile("movw %%gs,%0" : "=m" (s->gs));
}

/* Load e's %fs and %gs, skipping a segment load when the CPU already
 * holds the value (they are slow under QEMU). */
static void
load_user_segs(struct Env *e)
{
	const struct UserSegs *s = &user_segs[e - envs];
	uint16_t fs, gs;

	asm volatile("movw %%fs,%0" : "=r" (fs));
	asm volatile("movw %%gs,%0" : "=r" (gs));
	if (fs != s->fs)
		asm volatile("movw %0,%%fs" : : "r" (s->fs));
	if (gs != s->gs)
		asm volatile("movw %0,%%gs" : : "r" (s->gs));
}

/* Restore the registers in tf and return to the code it describes. */
void
env_pop_tf(struct Trapframe *tf)
{
	asm volatile(
		"\tmovl %0,%%esp\n"
		"\tpopal\n"
		"\tpopl %%es\n"
		"\tpopl %%ds\n"
		"\taddl $0x8,%%esp\n"	/* skip tf_trapno and tf_err */
		"\tiret\n"
		: : "g" (tf) : "memory");
	panic("iret failed");
}

/* The EFLAGS bits a user program sets for itself (with popf), which it
 * gets back as they were.  Of the others, IF is always on in user mode,
 * IOPL is whatever the kernel granted the env, and the rest (VM, RF, VIF,
 * VIP) are always clear. */
#define FL_USER	(FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_TF | FL_DF | \
		 FL_OF | FL_NT | FL_AC | FL_ID)

/* The flags to return to e with: its own, whatever tf_eflags picked up
 * on the way (a trap frame set by another env, say), and nothing the
 * kernel ran with. */
static uint32_t
env_user_eflags(const struct Env *e)
{
	return (e->env_tf.tf_eflags & (FL_USER | FL_IOPL_MASK)) | FL_IF;
}

/*
 * Switch this CPU to env e and return to user mode in it.  e is
 * ENV_RUNNABLE or ENV_RUNNING (the scheduler reads env_status, which the
 * lab's code assigns directly: checked here).  Caller holds the kernel
 * lock, which is released on the way out.
 */
void
env_run(struct Env *e)
{
	assert(kernel_lock_held());
	assert(e->env_status == ENV_RUNNABLE || e->env_status == ENV_RUNNING);
	if (env_on_other_cpu(e)) {
		/* Made ENV_RUNNABLE while it runs on another CPU (the lab's
		 * sys_env_set_status allows that): it is running there, and
		 * two CPUs must never run one env. */
		e->env_status = ENV_RUNNING;
		sched_yield();
	}
	ipc_env_runs(e);
	trace_switch(curenv, e);
	if (curenv != e) {
		/* The FPU and segment registers are not e's. */
		fpu_switch_out();
		load_user_segs(e);
		if (curenv && curenv->env_status == ENV_RUNNING)
			curenv->env_status = ENV_RUNNABLE;
		sched_run_begins();
	}
	curenv = e;
	e->env_status = ENV_RUNNING;
	e->env_runs++;
	e->env_cpunum = cpunum();
	/* Reloading cr3 flushes the TLB, which is costly (most of all under
	 * an emulator): skip it when the env keeps the CPU. */
	if (rcr3() != PADDR(e->env_pgdir))
		lcr3(PADDR(e->env_pgdir));
	e->env_tf.tf_eflags = env_user_eflags(e);
	tlb_leave_kernel();
	/* LAB 4: release the big kernel lock just before leaving the
	 * kernel for the env. */
	unlock_kernel();
	/* HANDOUT: one CPU runs the kernel until then. */
	/* END LAB 4 */
	env_pop_tf(&e->env_tf);
}
