/* Checking user pointers before the kernel touches them. */
#include <inc/memlayout.h>
#include <inc/error.h>
#include <inc/stdio.h>

#include <kern/pmap.h>
#include <kern/env.h>

/* The first bad address the last failed user_mem_check found. */
static uintptr_t user_mem_check_addr;

/*
 * May env access [va, va+len) with permissions perm (PTE_U is implied;
 * add PTE_W for a write)?  Every page must be below ULIM and mapped with
 * at least those bits, in its page directory entry as well as its page
 * table entry (the hardware requires both: UVPT's entry, for one, is
 * read-only while the entries it shows are not).  A range that wraps around the top of the address
 * space is bad.  Returns 0, or -E_FAULT after recording the first bad
 * address.  len 0 is always fine.
 */
int
user_mem_check(struct Env *env, const void *va, size_t len, int perm)
{
	uintptr_t start = (uintptr_t) va;
	uintptr_t last = start + len - 1;
	uintptr_t a;

	if (len == 0)
		return 0;
	if (last < start)
		last = 0xFFFFFFFF;
	perm |= PTE_U | PTE_P;
	for (a = ROUNDDOWN(start, PGSIZE); ; a += PGSIZE) {
		pde_t pde = env->env_pgdir[PDX(a)];
		pte_t *pte = a < ULIM && (pde & perm) == perm ?
			     pgdir_walk(env->env_pgdir, (void *) a, 0) : NULL;
		if (!pte || (*pte & perm) != perm) {
			user_mem_check_addr = MAX(a, start);
			return -E_FAULT;
		}
		/* ULIM is far below the top, so this ends before a wraps. */
		if (a >= ROUNDDOWN(last, PGSIZE))
			return 0;
	}
}

/*
 * Like user_mem_check, but an env that fails is told why on the console
 * and destroyed.  Does not return if env is the one running here.
 */
void
user_mem_assert(struct Env *env, const void *va, size_t len, int perm)
{
	if (user_mem_check(env, va, len, perm) < 0)
		user_mem_reject(env, user_mem_check_addr);
}

/* Destroy env for handing the kernel the bad address va, saying so.  Does
 * not return if env is the one running here. */
void
user_mem_reject(struct Env *env, uintptr_t va)
{
	cprintf("[%08x] user_mem_check assertion failure for va %08x\n",
		env->env_id, va);
	env_destroy(env);
}

/*
 * The page mapped at va in env's address space, if it may be mapped
 * elsewhere with perm: something must be mapped there, and a read-only
 * mapping cannot be passed on writable.  Returns the page and stores its
 * page table entry in *pte_store (if not NULL), or returns NULL.  va must
 * be a user page address (below UTOP, aligned) and perm user_perm_ok.
 * sys_page_map and IPC page transfers both check pages this way.
 */
struct PageInfo *
user_page_to_share(struct Env *env, void *va, int perm, pte_t **pte_store)
{
	pte_t *pte;
	struct PageInfo *pp = page_lookup(env->env_pgdir, va, &pte);

	if (!pp || ((perm & PTE_W) && !(*pte & PTE_W)))
		return NULL;
	if (pte_store)
		*pte_store = pte;
	return pp;
}
