/*
 * The page audit: recount, from the page tables themselves, how many
 * references each physical page should have, and compare with pp_ref.
 * A page's references are its mappings below UTOP in every live env,
 * plus one for each page table or page directory it serves as.  Pages
 * the kernel took at boot (its image, pages[], envs[], kern_pgdir) are
 * not counted by pp_ref at all and must stay at 0.
 */
#include <inc/memlayout.h>
#include <inc/stdio.h>

#include <kern/pmap.h>
#include <kern/pmap_check.h>
#include <kern/env.h>
#include <kern/audit.h>

/* Expected reference counts, one per page the machine can have. */
static uint16_t expected[(0u - KERNBASE) / PGSIZE];
/* Pages seen on the free list. */
static uint8_t on_free_list[(0u - KERNBASE) / PGSIZE];

/* Count the page tables of pgdir for PDEs [lo, hi), and with
 * count_pages also the pages they map. */
static void
count_pgdir(pde_t *pgdir, uint32_t lo, uint32_t hi, bool count_pages)
{
	uint32_t pdx, ptx;

	for (pdx = lo; pdx < hi; pdx++) {
		pte_t *pt;

		if (!(pgdir[pdx] & PTE_P) || pdx == PDX(UVPT))
			continue;
		expected[PGNUM(PTE_ADDR(pgdir[pdx]))]++;
		if (!count_pages)
			continue;
		pt = KADDR(PTE_ADDR(pgdir[pdx]));
		for (ptx = 0; ptx < NPTENTRIES; ptx++)
			if (pt[ptx] & PTE_P)
				expected[PGNUM(PTE_ADDR(pt[ptx]))]++;
	}
}

/* Tally what every reference count should be. */
static void
count_references(void)
{
	struct PageInfo *pp;
	size_t pn;
	int i;

	for (pn = 0; pn < npages; pn++)
		expected[pn] = on_free_list[pn] = 0;
	for (pp = page_free_list; pp; pp = pp->pp_link)
		on_free_list[pp - pages] = 1;

	/* The kernel's own page tables; its mappings of memory hold no
	 * references. */
	count_pgdir(kern_pgdir, 0, NPDENTRIES, false);
	for (i = 0; i < NENV; i++) {
		struct Env *e = &envs[i];

		if (e->env_status == ENV_FREE)
			continue;
		expected[PGNUM(PADDR(e->env_pgdir))]++;
		/* Above UTOP an env shares the kernel's tables. */
		count_pgdir(e->env_pgdir, 0, PDX(UTOP), true);
	}
}

int
page_audit(void)
{
	int mismatches = 0;
	size_t pn;

	count_references();
	for (pn = 0; pn < npages; pn++) {
		bool bad = pages[pn].pp_ref != expected[pn] ||
			   (on_free_list[pn] && expected[pn] != 0);

		if (!bad)
			continue;
		if (mismatches++ < 20)
			cprintf("audit: page %05x ref %u, expected %u%s\n",
				pn, pages[pn].pp_ref, expected[pn],
				on_free_list[pn] ? " (on the free list)" : "");
	}
	if (mismatches)
		cprintf("audit: %d mismatches\n", mismatches);
	else
		cprintf("audit: ok, %u pages checked\n", npages);
	return mismatches;
}

static size_t baseline;

void
leak_check_baseline(void)
{
	baseline = page_free_count();
}

void
leak_check_idle(void)
{
	cprintf("free pages at boot: %u\n", baseline);
	cprintf("free pages with no env left: %u\n", page_free_count());
	page_audit();
}
