/*
 * Copy-on-write fork, built in user space from the exokernel system
 * calls, the way the lab builds it: a page fault handler that copies a
 * page through PFTEMP, duppage for each page, and fork walking uvpd/uvpt.
 * lib/forkbatch.c has our faster fork_batched and sfork beside it.
 */
#include <inc/lib.h>

extern void _pgfault_upcall(void);

/*
 * The permissions with which fork gives a child this env's page pn,
 * mapped PTE_SHARE: the child maps the same page, never a copy, so that
 * both see each other's writes (open files, pipes); writable stays
 * writable and PTE_SHARE stays on.
 */
int
fork_share_perm(uintptr_t pn)
{
	/* LAB 5: the page's permissions here that a mapping may have. */
	return uvpt[pn] & PTE_SYSCALL;
	/* END LAB 5 */
}

/*
 * The page fault handler fork installs.  A write to a copy-on-write page
 * gets a private writable copy: a new page at PFTEMP, the old page's
 * contents copied into it, the new page mapped at the faulting page, and
 * PFTEMP unmapped again.  Any other fault is a bug in the program: panic.
 * (Marked unused for the handout, where fork does not call it yet.)
 */
static void __attribute__((unused))
pgfault(struct UTrapframe *utf)
{
	/* LAB 4: check that the fault is a write (FEC_WR in utf_err) to a
	 * copy-on-write page (PTE_COW in uvpt); then make the three
	 * system calls: allocate a page at PFTEMP, copy the faulting page
	 * into it, map it over the faulting page, unmap PFTEMP. */
	void *addr = (void *) utf->utf_fault_va;
	void *page = ROUNDDOWN(addr, PGSIZE);
	int r;

	if (!(utf->utf_err & FEC_WR) || !(uvpd[PDX(addr)] & PTE_P) ||
	    !(uvpt[PGNUM(addr)] & PTE_COW))
		panic("page fault at va %08x (eip %08x, err %x) is not a write "
		      "to a copy-on-write page", addr, utf->utf_eip,
		      utf->utf_err);
	if ((r = sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("pgfault: sys_page_alloc: %e", r);
	memmove(PFTEMP, page, PGSIZE);
	if ((r = sys_page_map(0, PFTEMP, 0, page, PTE_P | PTE_U | PTE_W)) < 0)
		panic("pgfault: sys_page_map: %e", r);
	if ((r = sys_page_unmap(0, PFTEMP)) < 0)
		panic("pgfault: sys_page_unmap: %e", r);
	/* END LAB 4 */
}

/*
 * Give the child envid this env's page pn at the same address.  A
 * writable or copy-on-write page becomes copy-on-write in the child and
 * then here (in that order: were ours marked first, a write between the
 * two calls would give us a private copy and the child a page that kept
 * changing).  A PTE_SHARE page is shared as it is; any other page is
 * shared read-only.  Returns 0 or an error.  (Marked unused for the
 * handout, where fork does not call it yet.)
 */
static int __attribute__((unused))
duppage(envid_t envid, unsigned pn)
{
	/* LAB 4: map the page into the child with sys_page_map: shared
	 * if read-only, and copy-on-write in both envs if it is writable
	 * or copy-on-write. */
	void *addr = (void *) (pn * PGSIZE);
	int perm = PTE_P | PTE_U | PTE_COW;
	int r;

	if (uvpt[pn] & PTE_SHARE)
		return sys_page_map(0, addr, envid, addr, fork_share_perm(pn));
	if (!(uvpt[pn] & (PTE_W | PTE_COW)))
		return sys_page_map(0, addr, envid, addr, PTE_P | PTE_U);
	if ((r = sys_page_map(0, addr, envid, addr, perm)) < 0)
		return r;
	return sys_page_map(0, addr, 0, addr, perm);
	/* END LAB 4 */
}

/*
 * Copy-on-write fork: the child gets a logical copy of the whole address
 * space below UTOP but the exception stack, which it gets fresh, and the
 * page fault upcall.  Returns the child's id, 0 in the child, or an error
 * (the half-made child is destroyed).
 */
envid_t
fork(void)
{
	/* LAB 4: set pgfault as the page fault handler; make the child
	 * with sys_exofork (fixing thisenv in the child); duppage every
	 * mapped page below the exception stack, found through uvpd and
	 * uvpt; give the child an exception stack and the upcall; mark
	 * it runnable. */
	envid_t envid;
	uintptr_t addr;
	int r;

	set_pgfault_handler(pgfault);
	if ((envid = sys_exofork()) < 0)
		return envid;
	if (envid == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	for (addr = 0; addr < UXSTACKTOP - PGSIZE; addr += PGSIZE) {
		if (!(uvpd[PDX(addr)] & PTE_P)) {
			addr += PTSIZE - PGSIZE;	/* a whole empty table */
			continue;
		}
		if ((uvpt[PGNUM(addr)] & PTE_P) &&
		    (r = duppage(envid, PGNUM(addr))) < 0)
			goto fail;
	}
	if ((r = sys_page_alloc(envid, (void *) (UXSTACKTOP - PGSIZE),
				PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_env_set_pgfault_upcall(envid, _pgfault_upcall)) < 0 ||
	    (r = sys_env_set_status(envid, ENV_RUNNABLE)) < 0)
		goto fail;
	return envid;
fail:
	sys_env_destroy(envid);
	return r;
	/* END LAB 4 */
}
