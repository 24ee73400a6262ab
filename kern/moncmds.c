/*
 * Monitor commands that look into memory, environments and CPUs, and
 * those that resume an env stopped at a user breakpoint or debug trap.
 * They run in the monitor, on one CPU, with the kernel lock held whenever
 * other CPUs could be running.
 */

#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/x86.h>
#include <kern/monitor.h>
#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/cpu.h>
#include <kern/trap.h>
#include <kern/audit.h>
#include <kern/sched.h>

/* The page directory the monitor's address commands look at. */
static pde_t *
current_pgdir(void)
{
	return curenv != NULL ? curenv->env_pgdir : kern_pgdir;
}

/*
 * Write pte's flags into buf (12 bytes) as letters, '-' for a clear bit:
 * P(resent) W(ritable) U(ser) T(write-through) N(o cache) A(ccessed)
 * D(irty) S(4 MiB page) G(lobal) C(opy-on-write).
 */
static const char *
perm_string(uint32_t pte, char *buf)
{
	static const char letters[] = "PWUTNADSG";
	int i;

	for (i = 0; letters[i] != '\0'; i++)
		buf[i] = pte & (1 << i) ? letters[i] : '-';
	buf[i++] = pte & PTE_COW ? 'C' : '-';
	buf[i] = '\0';
	return buf;
}

/* Parse a whole-string number (decimal, 0x hex or 0 octal) into *val. */
static bool
parse_addr(const char *s, uintptr_t *val)
{
	char *end;

	*val = (uintptr_t) strtol(s, &end, 0);
	return end != s && *end == '\0';
}

/* True when va is mapped, by a 4 KiB or a 4 MiB page. */
static bool
is_mapped(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];
	pte_t *pte;

	if (!(pde & PTE_P))
		return false;
	if (pde & PTE_PS)
		return true;
	pte = pgdir_walk(pgdir, (void *) va, 0);
	return pte != NULL && (*pte & PTE_P);
}

/*
 * Print one line about the page at va (page-aligned) and return the last
 * address it covers: a 4 KiB page, a 4 MiB page, or the whole run of
 * unmapped pages from va up to the next mapped one (or to hi).
 */
static uintptr_t
show_mapping(pde_t *pgdir, uintptr_t va, uintptr_t hi)
{
	pde_t pde = pgdir[PDX(va)];
	uintptr_t last;
	char perm[12];
	pte_t *pte;

	if ((pde & PTE_P) && (pde & PTE_PS)) {
		va = ROUNDDOWN(va, PTSIZE);
		cprintf("  %08x  %08x  %s (4M page)\n", va, PTE_ADDR(pde),
			perm_string(pde, perm));
		return va + (PTSIZE - 1);
	}
	if (is_mapped(pgdir, va)) {
		pte = pgdir_walk(pgdir, (void *) va, 0);
		cprintf("  %08x  %08x  %s\n", va, PTE_ADDR(*pte),
			perm_string(*pte, perm));
		return va + (PGSIZE - 1);
	}
	last = va + (PGSIZE - 1);
	while (last < hi && !is_mapped(pgdir, last + 1))
		last += PGSIZE;
	cprintf("  %08x-%08x  not mapped\n", va, last);
	return last;
}

int
mon_showmappings(int argc, char **argv, struct Trapframe *tf)
{
	pde_t *pgdir = current_pgdir();
	uintptr_t lo, hi, va, last;

	if (argc != 3 || !parse_addr(argv[1], &lo) || !parse_addr(argv[2], &hi) ||
	    lo > hi) {
		cprintf("usage: showmappings LO HI  (addresses, LO <= HI)\n");
		return 0;
	}
	cprintf("Mappings in %s page directory:\n",
		curenv != NULL ? "curenv's" : "the kernel's");
	cprintf("  va        pa        PWUTNADSGC\n");
	for (va = ROUNDDOWN(lo, PGSIZE); ; va = last + 1) {
		last = show_mapping(pgdir, va, hi);
		/* Done at hi, or at the top of the address space. */
		if (last >= hi)
			break;
	}
	return 0;
}

static const char *
env_status_name(unsigned status)
{
	static const char *const names[] = {
		[ENV_FREE] = "free",
		[ENV_DYING] = "dying",
		[ENV_RUNNABLE] = "runnable",
		[ENV_RUNNING] = "running",
		[ENV_NOT_RUNNABLE] = "not-runnable",
	};

	if (status < ARRAY_SIZE(names) && names[status] != NULL)
		return names[status];
	return "?";
}

int
mon_envs(int argc, char **argv, struct Trapframe *tf)
{
	int n = 0;

	cprintf("  id        parent    status        cpu  runs        upcall\n");
	for (int i = 0; i < NENV; i++) {
		struct Env *e = &envs[i];

		if (e->env_status == ENV_FREE)
			continue;
		cprintf("  %08x  %08x  %-12s  %3d  %10u  %08x\n", e->env_id,
			e->env_parent_id, env_status_name(e->env_status),
			e->env_cpunum, e->env_runs,
			(uintptr_t) e->env_pgfault_upcall);
		n++;
	}
	cprintf("%d live env%s\n", n, n == 1 ? "" : "s");
	return 0;
}

int
mon_pages(int argc, char **argv, struct Trapframe *tf)
{
	size_t nfree = page_free_count();

	cprintf("pages: %u free, %u used, %u total\n", nfree, npages - nfree,
		npages);
	return 0;
}

/* Recount every page's references from the page tables (kern/audit.c)
 * and report each page whose pp_ref disagrees. */
int
mon_audit(int argc, char **argv, struct Trapframe *tf)
{
	page_audit();
	return 0;
}

/* Lab 1's boot self-tests, which a lab-1 kernel runs at boot. */
int
mon_selftest(int argc, char **argv, struct Trapframe *tf)
{
	printf_selftest();
	test_backtrace(5);
	return 0;
}

static const char *
cpu_status_name(unsigned status)
{
	switch (status) {
	case CPU_UNUSED: return "unused";
	case CPU_STARTED: return "started";
	case CPU_HALTED: return "halted";
	default: return "?";
	}
}

int
mon_cpus(int argc, char **argv, struct Trapframe *tf)
{
	if (ncpu == 0)
		cprintf("No CPUs known yet: the MP tables have not been read\n");
	for (int i = 0; i < ncpu; i++) {
		struct CpuInfo *c = &cpus[i];

		cprintf("  cpu %d: apic %-3d %-7s env %08x%s%s\n", c->cpu_id,
			c->cpu_apicid, cpu_status_name(c->cpu_status),
			c->cpu_env != NULL ? c->cpu_env->env_id : 0,
			c == bootcpu ? " (boot)" : "",
			i == cpunum() ? " (this one)" : "");
	}
	return 0;
}

/*
 * Resume curenv from tf with the trap flag set or cleared.  Only a trap
 * frame from a user breakpoint or debug trap can be resumed; otherwise
 * print why not and return.
 */
static int
resume(struct Trapframe *tf, bool step)
{
	if (tf == NULL || (tf->tf_cs & 3) != 3 || curenv == NULL ||
	    (tf->tf_trapno != T_BRKPT && tf->tf_trapno != T_DEBUG)) {
		cprintf("No env stopped at a breakpoint or single step here\n");
		return 0;
	}
	if (step)
		tf->tf_eflags |= FL_TF;
	else
		tf->tf_eflags &= ~FL_TF;
	if (tf != &curenv->env_tf)
		curenv->env_tf = *tf;
	/* Runs curenv, unless another CPU stopped it meanwhile. */
	sched_return_to_user();
}

int
mon_continue(int argc, char **argv, struct Trapframe *tf)
{
	return resume(tf, false);
}

int
mon_stepi(int argc, char **argv, struct Trapframe *tf)
{
	return resume(tf, true);
}
