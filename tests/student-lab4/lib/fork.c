// implement fork from user space

#include <inc/string.h>
#include <inc/lib.h>

// PTE_COW marks copy-on-write page table entries.
// It is one of the bits explicitly allocated to user processes (PTE_AVAIL).
#define PTE_COW		0x800

//
// Custom page fault handler - if faulting page is copy-on-write,
// map in our own private writable copy.
//
static void
pgfault(struct UTrapframe *utf)
{
	void *addr = (void *) utf->utf_fault_va;
	uint32_t err = utf->utf_err;
	int r;
	pte_t pte;

	// my check: only writes to COW pages
	if (!(err & FEC_WR))
		panic("pgfault: not a write, va %x err %x", addr, err);
	pte = uvpt[PGNUM(addr)];
	if (!(pte & PTE_COW))
		panic("pgfault: not a COW page %x", addr);

	// alloc, copy, map, unmap
	addr = ROUNDDOWN(addr, PGSIZE);
	if ((r = sys_page_alloc(0, PFTEMP, PTE_P|PTE_U|PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	memcpy(PFTEMP, addr, PGSIZE);
	if ((r = sys_page_map(0, PFTEMP, 0, addr, PTE_P|PTE_U|PTE_W)) < 0)
		panic("sys_page_map: %e", r);
	if ((r = sys_page_unmap(0, PFTEMP)) < 0)
		panic("sys_page_unmap: %e", r);
}

//
// Map our virtual page pn (address pn*PGSIZE) into the target envid
// at the same virtual address.
//
static int
duppage(envid_t envid, unsigned pn)
{
	int r;
	void *addr = (void *)(pn * PGSIZE);
	int perm = PTE_P|PTE_U;
	int i, unused_count = 0;

	if ((uvpt[pn] & PTE_W) || (uvpt[pn] & PTE_COW)) {
		perm |= PTE_COW;
		if ((r = sys_page_map(0, addr, envid, addr, perm)) < 0)
			panic("duppage: map child %e", r);
		if ((r = sys_page_map(0, addr, 0, addr, perm)) < 0)
			panic("duppage: remap parent %e", r);
	} else {
		if ((r = sys_page_map(0, addr, envid, addr, perm)) < 0)
			panic("duppage: map ro %e", r);
	}
	return 0;
}

//
// User-level fork with copy-on-write.
//
envid_t
fork(void)
{
	envid_t envid;
	uint32_t addr;
	int r;
	extern void _pgfault_upcall(void);

	set_pgfault_handler(pgfault);

	envid = sys_exofork();
	if (envid < 0)
		panic("sys_exofork: %e", envid);
	if (envid == 0) {
		// child
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (addr = 0; addr < USTACKTOP; addr += PGSIZE) {
		if ((uvpd[PDX(addr)] & PTE_P) && (uvpt[PGNUM(addr)] & PTE_P)
		    && (uvpt[PGNUM(addr)] & PTE_U))
			duppage(envid, PGNUM(addr));
	}

	if ((r = sys_page_alloc(envid, (void *)(UXSTACKTOP - PGSIZE), PTE_P|PTE_U|PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	if ((r = sys_env_set_pgfault_upcall(envid, _pgfault_upcall)) < 0)
		panic("set upcall: %e", r);
	if ((r = sys_env_set_status(envid, ENV_RUNNABLE)) < 0)
		panic("sys_env_set_status: %e", r);

	return envid;
}

// Challenge!
int
sfork(void)
{
	panic("sfork not implemented");
	return -E_INVAL;
}
