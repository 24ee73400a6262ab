/* fork and sfork, built in user space from the exokernel system calls. */
#include <inc/lib.h>

extern void _pgfault_upcall(void);

/* Is page number pn mapped in this env? */
static bool
page_present(uintptr_t pn)
{
	return (uvpd[pn / NPTENTRIES] & PTE_P) && (uvpt[pn] & PTE_P);
}

/*
 * Replace the page at va (page-aligned) with a private, writable copy of
 * itself, using PFTEMP as scratch.  Panics on failure: the caller cannot
 * continue without the page.
 */
static void
copy_page_private(void *va)
{
	int r;

	if ((r = sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("copy-on-write: allocating a page: %e", r);
	memmove(PFTEMP, va, PGSIZE);
	if ((r = sys_page_map(0, PFTEMP, 0, va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("copy-on-write: mapping the copy: %e", r);
	if ((r = sys_page_unmap(0, PFTEMP)) < 0)
		panic("copy-on-write: unmapping scratch: %e", r);
}

/*
 * The page fault handler fork installs.  Only a write to a copy-on-write
 * page is expected; it gets a private writable copy.  Anything else is a
 * real bug in the program, reported with a user panic.
 */
static void
pgfault(struct UTrapframe *utf)
{
	uintptr_t va = utf->utf_fault_va;

	if (!(utf->utf_err & FEC_WR) || !page_present(PGNUM(va)) ||
	    !(uvpt[PGNUM(va)] & PTE_COW))
		panic("page fault at va %08x (eip %08x, err %x) is not a write "
		      "to a copy-on-write page", va, utf->utf_eip, utf->utf_err);
	copy_page_private(ROUNDDOWN((void *) va, PGSIZE));
}

/*
 * Give child envid page pn the way fork does: writable and copy-on-write
 * pages become copy-on-write in both (the child first, so the parent's
 * page cannot change under the child between the two calls); read-only
 * pages are shared as they are.  Returns 0 or an error.
 */
static int
duppage(envid_t envid, uintptr_t pn)
{
	void *va = (void *) (pn * PGSIZE);
	pte_t pte = uvpt[pn];
	int r;

	if (!(pte & (PTE_W | PTE_COW)))
		return sys_page_map(0, va, envid, va, pte & PTE_SYSCALL);
	if ((r = sys_page_map(0, va, envid, va, PTE_P | PTE_U | PTE_COW)) < 0)
		return r;
	/* Already copy-on-write here: nothing to change. */
	if (!(pte & PTE_W))
		return 0;
	return sys_page_map(0, va, 0, va, PTE_P | PTE_U | PTE_COW);
}

/* Share page pn with child envid, writable if it is writable here.  A
 * copy-on-write page is made private first, or the two would stop
 * sharing at the first write. */
static int
sharepage(envid_t envid, uintptr_t pn)
{
	void *va = (void *) (pn * PGSIZE);

	if (uvpt[pn] & PTE_COW)
		copy_page_private(va);
	return sys_page_map(0, va, envid, va, uvpt[pn] & PTE_SYSCALL);
}

/*
 * The common part of fork and sfork: make a child and hand it every page
 * below UTOP except the exception stack, pages in [share_lo, share_hi)
 * shared and the rest copy-on-write; then give it its own exception stack
 * and the fault upcall, and start it.  Returns the child's id in the
 * parent, 0 in the child, or an error (the half-made child destroyed).
 */
static envid_t
fork_common(uintptr_t share_lo, uintptr_t share_hi)
{
	envid_t envid;
	uintptr_t pdx, pn;
	int r = 0;

	set_pgfault_handler(pgfault);
	if ((envid = sys_exofork()) < 0)
		return envid;
	if (envid == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (pdx = 0; pdx < PDX(UTOP) && r >= 0; pdx++) {
		if (!(uvpd[pdx] & PTE_P))
			continue;	/* skip a whole empty page table */
		for (pn = pdx * NPTENTRIES; pn < (pdx + 1) * NPTENTRIES; pn++) {
			uintptr_t va = pn * PGSIZE;

			if (!(uvpt[pn] & PTE_P) || va == UXSTACKTOP - PGSIZE)
				continue;
			r = (va >= share_lo && va < share_hi) ?
				sharepage(envid, pn) : duppage(envid, pn);
			if (r < 0)
				break;
		}
	}
	if (r >= 0)
		r = sys_page_alloc(envid, (void *) (UXSTACKTOP - PGSIZE),
				   PTE_P | PTE_U | PTE_W);
	if (r >= 0)
		r = sys_env_set_pgfault_upcall(envid, _pgfault_upcall);
	if (r >= 0)
		r = sys_env_set_status(envid, ENV_RUNNABLE);
	if (r < 0) {
		sys_env_destroy(envid);
		return r;
	}
	return envid;
}

/* Copy-on-write fork: the child gets a logical copy of the whole address
 * space.  Returns the child's id, 0 in the child, or an error. */
envid_t
fork(void)
{
	return fork_common(0, 0);
}

/*
 * Shared-memory fork: parent and child share every page except the
 * stack, which is copy-on-write, so each keeps its own locals and its own
 * thisenv.  Returns the child's id, 0 in the child, or an error.
 */
envid_t
sfork(void)
{
	uintptr_t stack_bottom = ROUNDDOWN((uintptr_t) &stack_bottom, PGSIZE);

	/* Every mapped page below the one holding our frame is shared. */
	return fork_common(0, stack_bottom);
}
