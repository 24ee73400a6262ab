/* Physical page allocator, page tables and the kernel's address space. */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/cpu.h>
#include <kern/entry.h>
#include <kern/pmap_check.h>
#include <kern/tlbshoot.h>
#include <kern/spinlock.h>

size_t npages;			/* physical pages in the machine */
static size_t npages_basemem;	/* of which below 640 KiB */

pde_t *kern_pgdir;		/* the kernel's page directory */
struct PageInfo *pages;		/* one entry per physical page */
struct PageInfo *page_free_list;	/* shared with kern/pmap_check.c */
static size_t nfree;		/* length of page_free_list */

static unsigned
nvram_read(int r)
{
	return mc146818_read(r) | (mc146818_read(r + 1) << 8);
}

/* Ask the BIOS's NVRAM how much memory there is; sets npages. */
static void
detect_memory(void)
{
	size_t basemem = nvram_read(NVRAM_BASELO);
	size_t extmem = nvram_read(NVRAM_EXTLO);
	size_t ext16mem = nvram_read(NVRAM_EXT16LO) * 64;
	size_t totalmem;

	if (ext16mem)
		totalmem = 16 * 1024 + ext16mem;
	else if (extmem)
		totalmem = 1 * 1024 + extmem;
	else
		totalmem = basemem;
	/* Only the 256 MiB above KERNBASE can be mapped. */
	totalmem = MIN(totalmem, (size_t) ((0u - KERNBASE) / 1024));

	npages = totalmem / (PGSIZE / 1024);
	npages_basemem = basemem / (PGSIZE / 1024);

	cprintf("Physical memory: %uK available, base = %uK, extended = %uK\n",
		totalmem, basemem, totalmem - basemem);
}

/*
 * The allocator used before pages[] exists: hands out n bytes, rounded up
 * to whole pages, right after the kernel image.  boot_alloc(0) returns
 * the next free address without allocating.  Panics when the result would
 * lie beyond what the entry page tables map.
 */
static void *
boot_alloc(uint32_t n)
{
	/* LAB 2: hand out n bytes, rounded up to whole pages, from the
	 * first page after the kernel's end; boot_alloc(0) says where
	 * the next allocation would start.  Panic when that is past
	 * what the entry page tables map. */
	extern char end[];
	static char *nextfree;
	char *result;

	if (!nextfree)
		nextfree = ROUNDUP((char *) end, PGSIZE);
	result = nextfree;
	nextfree = ROUNDUP(nextfree + n, PGSIZE);
	if ((uintptr_t) nextfree - KERNBASE > ENTRY_MAPPED)
		panic("boot_alloc: out of memory (%u bytes wanted)", n);
	return result;
	/* END LAB 2 */
}

/*
 * Map [va, va+size) to [pa, pa+size) in pgdir with permissions perm|PTE_P.
 * size is a multiple of PGSIZE; the range may reach the top of memory.
 * For static kernel mappings only: reference counts are not touched.
 */
static void
boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
		int perm)
{
	/* LAB 2: map each page of the range, through pgdir_walk. */
	size_t off;

	for (off = 0; off < size; off += PGSIZE) {
		pte_t *pte = pgdir_walk(pgdir, (void *) (va + off), 1);
		if (!pte)
			panic("boot_map_region: out of memory");
		*pte = (pa + off) | perm | PTE_P;
	}
	/* END LAB 2 */
}

/* Map every CPU's kernel stack below KSTACKTOP, for SMP.  boot_aps
 * checks each AP's stack before it starts the AP. */
static void
mem_init_mp(void)
{
	/* LAB 4: map the KSTKSIZE bytes of percpu_kstacks[i] just below
	 * percpu_kstacktop(i), kernel read/write, for each of the NCPU
	 * CPUs; leave the KSTKGAP below each unmapped, so that an
	 * overflow faults instead of corrupting the next stack. */
	int i;

	for (i = 0; i < NCPU; i++) {
		uintptr_t top = percpu_kstacktop(i);

		boot_map_region(kern_pgdir, top - KSTKSIZE, KSTKSIZE,
				PADDR(percpu_kstacks[i]), PTE_W);
	}
	/* HANDOUT: only CPU 0 has its stack (mem_init's). */
	/* END LAB 4 */
}

/*
 * Build the kernel's address space and switch to it: pages[] and envs[]
 * readable by users, per-CPU kernel stacks, and all physical memory at
 * KERNBASE.  Runs the boot self-checks on the way.
 */
void
mem_init(void)
{
	uint32_t cr0;

	detect_memory();

	kern_pgdir = boot_alloc(PGSIZE);
	memset(kern_pgdir, 0, PGSIZE);
	/* The directory maps itself so that users can read their tables. */
	kern_pgdir[PDX(UVPT)] = PADDR(kern_pgdir) | PTE_U | PTE_P;

	pages = boot_alloc(npages * sizeof(struct PageInfo));
	memset(pages, 0, npages * sizeof(struct PageInfo));
	envs = boot_alloc(NENV * sizeof(struct Env));
	memset(envs, 0, NENV * sizeof(struct Env));

	page_init();
	check_page_free_list(true);
	check_page_alloc();
	check_page();

	boot_map_region(kern_pgdir, UPAGES,
			ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE),
			PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS,
			ROUNDUP(NENV * sizeof(struct Env), PGSIZE),
			PADDR(envs), PTE_U);
	/* CPU 0's kernel stack, where its traps land. */
	boot_map_region(kern_pgdir, KSTACKTOP - KSTKSIZE, KSTKSIZE,
			PADDR(percpu_kstacks[0]), PTE_W);
	mem_init_mp();
	boot_map_region(kern_pgdir, KERNBASE, 0u - KERNBASE, 0, PTE_W);

	check_kern_pgdir();

	lcr3(PADDR(kern_pgdir));
	check_page_free_list(false);

	/* The floating-point bits are fpu_init_percpu's (kern/fpu.c). */
	cr0 = rcr0();
	cr0 |= CR0_PE | CR0_PG | CR0_AM | CR0_WP;
	lcr0(cr0);

	check_page_installed_pgdir();
}

/* LAB 2: helpers for page_init, if you want some. */
/* Is physical page number pn free for general use at boot? */
static bool
page_is_free_at_boot(size_t pn, size_t first_free_pn)
{
	if (pn == 0)			/* real-mode IDT and BIOS data */
		return false;
	if (pn == PGNUM(MPENTRY_PADDR))	/* AP startup trampoline */
		return false;
	if (pn >= npages_basemem && pn < first_free_pn)
		return false;		/* I/O hole, kernel, boot_alloc */
	return true;
}
/* END LAB 2 */

/*
 * Build the free list from every page not in use at boot.  Pages are
 * pushed from the top down so the list hands out low memory first.
 */
void
page_init(void)
{
	/* LAB 2: put every physical page not in use at boot on the free
	 * list, so that low pages are handed out first. */
	size_t first_free_pn = PGNUM(PADDR(boot_alloc(0)));
	size_t pn;

	page_free_list = NULL;
	nfree = 0;
	for (pn = npages; pn-- > 0; ) {
		pages[pn].pp_ref = 0;
		pages[pn].pp_link = NULL;
		if (!page_is_free_at_boot(pn, first_free_pn))
			continue;
		pages[pn].pp_link = page_free_list;
		page_free_list = &pages[pn];
		nfree++;
	}
	/* END LAB 2 */
}

/*
 * Take a page off the free list; with ALLOC_ZERO fill it with zeros.
 * The caller owns the reference count (it is left 0).  Returns NULL when
 * memory is exhausted.  Caller holds the kernel lock.
 */
struct PageInfo *
page_alloc(int alloc_flags)
{
	assert(kernel_lock_held());
	/* LAB 2: take the first page off the free list, zero it if
	 * ALLOC_ZERO is set, and return it; NULL when none is free. */
	struct PageInfo *pp = page_free_list;

	if (!pp)
		return NULL;
	page_free_list = pp->pp_link;
	pp->pp_link = NULL;
	nfree--;
	if (alloc_flags & ALLOC_ZERO)
		memset(page2kva(pp), 0, PGSIZE);
	return pp;
	/* END LAB 2 */
}

/* Return a page with no references to the free list. */
void
page_free(struct PageInfo *pp)
{
	/* LAB 2: put pp back on the free list; panic if it is still
	 * referenced or still linked. */
	if (pp->pp_ref != 0 || pp->pp_link != NULL)
		panic("page_free: page %08x still in use", page2pa(pp));
	pp->pp_link = page_free_list;
	page_free_list = pp;
	nfree++;
	/* END LAB 2 */
}

/* Drop one reference; free the page when none is left. */
void
page_decref(struct PageInfo *pp)
{
	if (--pp->pp_ref == 0)
		page_free(pp);
}

/* Number of pages on the free list. */
size_t
page_free_count(void)
{
	return nfree;
}

/*
 * Return a pointer to the page table entry for va in pgdir.  When the
 * page table is missing: with create, allocate a zeroed one (user-
 * accessible at the directory level: the PTE decides); without, or when
 * memory is out, return NULL.
 */
pte_t *
pgdir_walk(pde_t *pgdir, const void *va, int create)
{
	/* LAB 2: find va's page table entry, making the page table
	 * first when create says so. */
	pde_t *pde = &pgdir[PDX(va)];
	pte_t *pgtab;

	if (*pde & PTE_P) {
		pgtab = KADDR(PTE_ADDR(*pde));
	} else {
		struct PageInfo *pp;

		if (!create || !(pp = page_alloc(ALLOC_ZERO)))
			return NULL;
		pp->pp_ref++;
		*pde = page2pa(pp) | PTE_P | PTE_W | PTE_U;
		pgtab = page2kva(pp);
	}
	return &pgtab[PTX(va)];
	/* END LAB 2 */
}

/*
 * Map page pp at va with permissions perm|PTE_P, replacing whatever was
 * there.  Mapping the page already at va again just changes its
 * permissions.  Returns 0, or -E_NO_MEM when a page table could not be
 * allocated or pp already has PP_REF_MAX references (then nothing
 * changed).  Every reference to a page a user can make goes through
 * here, so no count can wrap.
 */
int
page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm)
{
	/* LAB 2: map pp at va, as the comment above says; think about
	 * pp already being mapped at va. */
	pte_t *pte = pgdir_walk(pgdir, va, 0);

	if (pte && (*pte & PTE_P) && PTE_ADDR(*pte) == page2pa(pp)) {
		/* The same page again: only the permissions change. */
		*pte = page2pa(pp) | perm | PTE_P;
		tlb_invalidate(pgdir, va);
		return 0;
	}
	if (pp->pp_ref >= PP_REF_MAX)
		return -E_NO_MEM;
	if (!pte && !(pte = pgdir_walk(pgdir, va, 1)))
		return -E_NO_MEM;
	pp->pp_ref++;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	*pte = page2pa(pp) | perm | PTE_P;
	return 0;
	/* END LAB 2 */
}

/*
 * Return the page mapped at va, or NULL.  If pte_store is not NULL, store
 * the address of va's page table entry there (when the table exists).
 */
struct PageInfo *
page_lookup(pde_t *pgdir, void *va, pte_t **pte_store)
{
	/* LAB 2: find the page mapped at va and, if asked, its page
	 * table entry. */
	pte_t *pte = pgdir_walk(pgdir, va, 0);

	if (pte_store)
		*pte_store = pte;
	if (!pte || !(*pte & PTE_P))
		return NULL;
	return pa2page(PTE_ADDR(*pte));
	/* END LAB 2 */
}

/* Unmap va, dropping the page's reference; nothing mapped, nothing done. */
void
page_remove(pde_t *pgdir, void *va)
{
	/* LAB 2: unmap va, dropping the reference and flushing the TLB
	 * entry. */
	pte_t *pte;
	struct PageInfo *pp = page_lookup(pgdir, va, &pte);

	if (!pp)
		return;
	*pte = 0;
	tlb_invalidate(pgdir, va);
	page_decref(pp);
	/* END LAB 2 */
}

/*
 * Forget any cached translation of va in pgdir, on this CPU and on any
 * other that has pgdir loaded (an env runs on one CPU at a time, but a
 * parent may change its child's mappings from another).  Returns once
 * no CPU can use the old translation.  Caller holds the kernel lock.
 */
void
tlb_invalidate(pde_t *pgdir, void *va)
{
	if (!curenv || curenv->env_pgdir == pgdir)
		invlpg(va);
	tlb_shootdown(pgdir);
}

/*
 * Reserve size bytes in [MMIOBASE, MMIOLIM) and map device memory at
 * physical pa there, uncached.  pa and size need not be page-aligned.
 * Returns the virtual address of pa.  Panics when the region is full.
 */
void *
mmio_map_region(physaddr_t pa, size_t size)
{
	/* LAB 4: base is the next free address of the MMIO window.  Map
	 * the whole pages holding [pa, pa + size) at base with
	 * boot_map_region, kernel read/write and uncached (PTE_PCD |
	 * PTE_PWT: a device register must be read and written every
	 * time); move base past them, panicking rather than going past
	 * MMIOLIM; return where pa landed. */
	static uintptr_t base = MMIOBASE;
	physaddr_t first = ROUNDDOWN(pa, PGSIZE);
	size_t len = ROUNDUP(pa + size, PGSIZE) - first;
	uintptr_t va = base;

	if (len > MMIOLIM - base)
		panic("mmio_map_region: %u bytes do not fit", len);
	boot_map_region(kern_pgdir, base, len, first, PTE_PCD | PTE_PWT | PTE_W);
	base += len;
	return (void *) (va + (pa - first));
	/* HANDOUT: no device mapped, no LAPIC: one CPU. */
	/* END LAB 4 */
}
