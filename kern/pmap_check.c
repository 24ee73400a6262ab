/*
 * Boot-time self-checks of the page allocator and page tables.  Each one
 * panics on the first thing it finds wrong and otherwise prints
 * "NAME() succeeded!".  Every page they take goes back to the free list,
 * except the page table check_page's MMIO mappings need, which stays
 * in the kernel's page directory.
 */
#include <inc/x86.h>
#include <inc/memlayout.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/pmap.h>
#include <kern/pmap_check.h>
#include <kern/env.h>
#include <kern/cpu.h>
#include <kern/entry.h>

/* First physical address past the kernel image and the boot allocations;
 * envs[] is the last thing mem_init takes from boot_alloc. */
static physaddr_t
boot_allocated_end(void)
{
	return PADDR(envs) + ROUNDUP(NENV * sizeof(struct Env), PGSIZE);
}

/* The physical address va maps to in pgdir, or ~0 when it is unmapped.
 * Never allocates. */
static physaddr_t
check_va2pa(pde_t *pgdir, uintptr_t va)
{
	pte_t *pte;

	if (!(pgdir[PDX(va)] & PTE_P))
		return ~0;
	pte = (pte_t *) KADDR(PTE_ADDR(pgdir[PDX(va)]));
	if (!(pte[PTX(va)] & PTE_P))
		return ~0;
	return PTE_ADDR(pte[PTX(va)]);
}

/*
 * Every page on the free list must be a real, unreferenced page outside
 * the areas in use at boot, listed once; the list length must match the
 * allocator's count.  Before paging is fully set up (before_paging), the
 * pages handed out first must lie in the memory entry.S maps, or zeroing
 * them would fault.
 */
void
check_page_free_list(bool before_paging)
{
	physaddr_t kern_end = boot_allocated_end();
	struct PageInfo *pp;
	size_t count = 0;

	assert(page_free_list);
	if (before_paging)
		assert(page2pa(page_free_list) < ENTRY_MAPPED);
	for (pp = page_free_list; pp; pp = pp->pp_link) {
		physaddr_t pa = page2pa(pp);

		assert(pp >= pages && pp < pages + npages);
		assert(((char *) pp - (char *) pages) % sizeof(*pp) == 0);
		assert(pp->pp_ref == 0);
		assert(pa != 0);
		assert(pa != MPENTRY_PADDR);
		assert(pa < IOPHYSMEM || pa >= kern_end);
		assert(count++ < npages);
	}
	assert(count == page_free_count());
	cprintf("check_page_free_list() succeeded!\n");
}

/* Allocate every free page, chaining them through pp_link; returns the
 * chain and stores its length. */
static struct PageInfo *
take_all_pages(size_t *count)
{
	struct PageInfo *chain = NULL, *pp;

	*count = 0;
	while ((pp = page_alloc(0))) {
		pp->pp_link = chain;
		chain = pp;
		(*count)++;
	}
	return chain;
}

/* Free a chain made by take_all_pages. */
static void
give_back_pages(struct PageInfo *chain)
{
	while (chain) {
		struct PageInfo *next = chain->pp_link;
		chain->pp_link = NULL;
		page_free(chain);
		chain = next;
	}
}

/* page_alloc and page_free: distinct pages, exhaustion, zeroing. */
void
check_page_alloc(void)
{
	size_t nfree = page_free_count(), taken;
	struct PageInfo *pp0, *pp1, *pp2, *chain;
	char *c;
	int i;

	assert((pp0 = page_alloc(0)));
	assert((pp1 = page_alloc(0)));
	assert((pp2 = page_alloc(0)));
	assert(pp0 != pp1 && pp1 != pp2 && pp0 != pp2);
	assert(page2pa(pp0) < npages * PGSIZE);
	assert(page2pa(pp2) < npages * PGSIZE);
	assert(page_free_count() == nfree - 3);

	chain = take_all_pages(&taken);
	assert(taken == nfree - 3);
	assert(!page_alloc(0));
	assert(page_free_count() == 0);
	give_back_pages(chain);

	/* A dirtied page comes back zeroed with ALLOC_ZERO; the free list
	 * is last-in first-out, so it is the same page. */
	memset(page2kva(pp0), 0xA5, PGSIZE);
	page_free(pp0);
	assert(page_alloc(ALLOC_ZERO) == pp0);
	for (c = page2kva(pp0), i = 0; i < PGSIZE; i++)
		assert(c[i] == 0);

	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	assert(page_free_count() == nfree);
	cprintf("check_page_alloc() succeeded!\n");
}

/* Reference counting of page_insert, page_remove and page tables, tested
 * on kern_pgdir's (still unused) low addresses with memory exhausted. */
static void
check_insert_remove(void)
{
	struct PageInfo *pp0, *pp1, *pp2, *chain;
	size_t taken;
	pte_t *pte;

	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) &&
	       (pp2 = page_alloc(0)));
	chain = take_all_pages(&taken);

	/* No page is free for a page table: the insert fails cleanly. */
	assert(page_lookup(kern_pgdir, (void *) 0x0, &pte) == NULL);
	assert(page_insert(kern_pgdir, pp1, 0x0, PTE_W) == -E_NO_MEM);
	assert(pp1->pp_ref == 0);

	/* With pp0 free it becomes the page table. */
	page_free(pp0);
	assert(page_insert(kern_pgdir, pp1, 0x0, PTE_W) == 0);
	assert(PTE_ADDR(kern_pgdir[0]) == page2pa(pp0));
	assert(check_va2pa(kern_pgdir, 0x0) == page2pa(pp1));
	assert(pp0->pp_ref == 1 && pp1->pp_ref == 1);

	/* The table exists now: no allocation needed. */
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == page2pa(pp2));
	assert(pp2->pp_ref == 1);

	/* Mapping the same page again changes only its permissions. */
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W | PTE_U) == 0);
	assert(pp2->pp_ref == 1);
	assert(*pgdir_walk(kern_pgdir, (void *) PGSIZE, 0) & PTE_U);
	assert(kern_pgdir[0] & PTE_U);

	/* A second table is needed at PTSIZE, and there is no memory. */
	assert(page_insert(kern_pgdir, pp0, (void *) PTSIZE, PTE_W) == -E_NO_MEM);
	assert(pgdir_walk(kern_pgdir, (void *) PTSIZE, 0) == NULL);

	/* Replacing pp2 with pp1 frees pp2. */
	assert(page_insert(kern_pgdir, pp1, (void *) PGSIZE, PTE_W) == 0);
	assert(pp1->pp_ref == 2 && pp2->pp_ref == 0);
	assert(page_alloc(0) == pp2);

	page_remove(kern_pgdir, 0x0);
	assert(check_va2pa(kern_pgdir, 0x0) == ~0u && pp1->pp_ref == 1);
	page_remove(kern_pgdir, (void *) PGSIZE);
	assert(check_va2pa(kern_pgdir, PGSIZE) == ~0u && pp1->pp_ref == 0);
	assert(page_alloc(0) == pp1);
	page_remove(kern_pgdir, (void *) PGSIZE);	/* harmless no-op */

	/* pgdir_walk finds the right slot in a table. */
	pte = pgdir_walk(kern_pgdir, (void *) (PGSIZE * 3), 0);
	assert(pte == (pte_t *) page2kva(pp0) + 3);

	kern_pgdir[0] = 0;
	pp0->pp_ref = 0;
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	give_back_pages(chain);
}

/* mmio_map_region: page-aligned, disjoint, inside the MMIO window.
 * Returns false, having checked nothing, when it maps nothing: the
 * earlier labs' handouts have it return NULL until lab 4. */
static bool
check_mmio(void)
{
	uintptr_t m1 = (uintptr_t) mmio_map_region(0, 4097);
	uintptr_t m2;

	if (!m1)
		return false;
	m2 = (uintptr_t) mmio_map_region(0, 4096);

	assert(m1 >= MMIOBASE && m1 + 8192 < MMIOLIM);
	assert(m2 >= MMIOBASE && m2 + 8192 < MMIOLIM);
	assert(m1 % PGSIZE == 0 && m2 % PGSIZE == 0);
	assert(m1 + 8192 <= m2);
	assert(check_va2pa(kern_pgdir, m1) == 0);
	assert(check_va2pa(kern_pgdir, m1 + PGSIZE) == PGSIZE);
	assert(check_va2pa(kern_pgdir, m2) == 0);
	assert(check_va2pa(kern_pgdir, m2 + PGSIZE) == ~0u);
	assert(*pgdir_walk(kern_pgdir, (void *) m1, 0) & (PTE_PCD | PTE_PWT));
	assert(!(*pgdir_walk(kern_pgdir, (void *) m1, 0) & PTE_U));
	return true;
}

void
check_page(void)
{
	size_t nfree = page_free_count();
	bool mmio;

	check_insert_remove();
	mmio = check_mmio();
	assert(page_free_count() == nfree - mmio);	/* the MMIO page table */
	cprintf("check_page() succeeded!\n");
}

/* Is PDE slot i one that mem_init fills in? */
static bool
pde_in_use(uint32_t i)
{
	return i == PDX(UVPT) || i == PDX(UPAGES) || i == PDX(UENVS) ||
	       i == PDX(MMIOBASE) || i == PDX(KSTACKTOP - 1) ||
	       i >= PDX(KERNBASE);
}

/* CPU c's kernel stack is mapped below percpu_kstacktop(c). */
void
check_percpu_kstack(int c)
{
	uintptr_t top = percpu_kstacktop(c);
	uint32_t i;

	for (i = 0; i < KSTKSIZE; i += PGSIZE)
		assert(check_va2pa(kern_pgdir, top - KSTKSIZE + i) ==
		       PADDR(percpu_kstacks[c]) + i);
}

/* The kernel's static mappings, as mem_init promises them. */
void
check_kern_pgdir(void)
{
	pde_t *pgdir = kern_pgdir;
	uint32_t i, n;
	int c;

	n = ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE);
	for (i = 0; i < n; i += PGSIZE)
		assert(check_va2pa(pgdir, UPAGES + i) == PADDR(pages) + i);
	n = ROUNDUP(NENV * sizeof(struct Env), PGSIZE);
	for (i = 0; i < n; i += PGSIZE)
		assert(check_va2pa(pgdir, UENVS + i) == PADDR(envs) + i);
	for (i = 0; i < npages * PGSIZE; i += PGSIZE)
		assert(check_va2pa(pgdir, KERNBASE + i) == i);

	/* The other CPUs' stacks are checked as they start. */
	check_percpu_kstack(0);
	for (c = 0; c < NCPU; c++)
		for (i = 0; i < KSTKGAP; i += PGSIZE)
			assert(check_va2pa(pgdir, percpu_kstacktop(c) - KSTKSIZE -
					   KSTKGAP + i) == ~0u);

	for (i = 0; i < NPDENTRIES; i++) {
		if (!pde_in_use(i)) {
			assert(pgdir[i] == 0);
			continue;
		}
		/* Empty while mmio_map_region maps nothing (check_mmio). */
		if (i == PDX(MMIOBASE) && !pgdir[i])
			continue;
		assert(pgdir[i] & PTE_P);
		if (i >= PDX(KERNBASE))
			assert(pgdir[i] & PTE_W);
	}
	assert((pgdir[PDX(UVPT)] & (PTE_U | PTE_W)) == PTE_U);
	assert(PTE_ADDR(pgdir[PDX(UVPT)]) == PADDR(pgdir));
	assert(!(*pgdir_walk(pgdir, (void *) UPAGES, 0) & PTE_W));
	assert(*pgdir_walk(pgdir, (void *) UPAGES, 0) & PTE_U);
	assert(!(*pgdir_walk(pgdir, (void *) KERNBASE, 0) & PTE_U));
	cprintf("check_kern_pgdir() succeeded!\n");
}

/* With kern_pgdir loaded: writes through a fresh user mapping reach the
 * page, and replacing the mapping takes effect at once (TLB flushed). */
void
check_page_installed_pgdir(void)
{
	size_t nfree = page_free_count();
	struct PageInfo *pp1, *pp2;
	volatile uint32_t *va = (uint32_t *) PGSIZE;

	assert((pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	memset(page2kva(pp1), 1, PGSIZE);
	memset(page2kva(pp2), 2, PGSIZE);

	assert(page_insert(kern_pgdir, pp1, (void *) va, PTE_W) == 0);
	assert(*va == 0x01010101);
	*va = 0x0A0B0C0D;
	assert(*(uint32_t *) page2kva(pp1) == 0x0A0B0C0D);

	assert(page_insert(kern_pgdir, pp2, (void *) va, PTE_W) == 0);
	assert(*va == 0x02020202);
	assert(pp1->pp_ref == 0 && pp2->pp_ref == 1);
	*va = 0x03030303;
	assert(*(uint32_t *) page2kva(pp2) == 0x03030303);

	page_remove(kern_pgdir, (void *) va);
	assert(pp2->pp_ref == 0);

	/* Give back the page table the insert made. */
	page_decref(pa2page(PTE_ADDR(kern_pgdir[0])));
	kern_pgdir[0] = 0;
	tlbflush();
	assert(page_free_count() == nfree);
	cprintf("check_page_installed_pgdir() succeeded!\n");
}
