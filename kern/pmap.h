/* Physical page allocator and page tables (kern/pmap.c). */
#ifndef JOS_KERN_PMAP_H
#define JOS_KERN_PMAP_H

#include <inc/memlayout.h>
#include <inc/assert.h>

struct Env;

extern char bootstacktop[], bootstack[];

extern struct PageInfo *pages;
extern size_t npages;

extern pde_t *kern_pgdir;

/* Physical address of a kernel virtual address above KERNBASE. */
#define PADDR(kva) _paddr(__FILE__, __LINE__, kva)

static inline physaddr_t
_paddr(const char *file, int line, void *kva)
{
	if ((uint32_t) kva < KERNBASE)
		_panic(file, line, "PADDR called with invalid kva %08lx",
		       (unsigned long) kva);
	return (physaddr_t) kva - KERNBASE;
}

/* Kernel virtual address of a physical address. */
#define KADDR(pa) _kaddr(__FILE__, __LINE__, pa)

static inline void *
_kaddr(const char *file, int line, physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		_panic(file, line, "KADDR called with invalid pa %08lx",
		       (unsigned long) pa);
	return (void *) (pa + KERNBASE);
}

enum {
	/* page_alloc: fill the page with zeros. */
	ALLOC_ZERO = 1 << 0,
};

/* The most references a page can have: pp_ref's largest value (the
 * classic struct PageInfo gives it 16 bits).  page_insert refuses more. */
#define PP_REF_MAX \
	((__typeof__(((struct PageInfo *) 0)->pp_ref)) ~0u)

void mem_init(void);

void page_init(void);
struct PageInfo *page_alloc(int alloc_flags);
void page_free(struct PageInfo *pp);
void page_decref(struct PageInfo *pp);
size_t page_free_count(void);

pte_t *pgdir_walk(pde_t *pgdir, const void *va, int create);
int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm);
void page_remove(pde_t *pgdir, void *va);
struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store);
void tlb_invalidate(pde_t *pgdir, void *va);

void *mmio_map_region(physaddr_t pa, size_t size);

/* May a user ask for a mapping with these bits (sys_page_alloc, map, IPC)?
 * PTE_U and PTE_P are required; nothing outside PTE_SYSCALL is allowed. */
static inline bool
user_perm_ok(int perm)
{
	return (perm & (PTE_U | PTE_P)) == (PTE_U | PTE_P) &&
	       (perm & ~PTE_SYSCALL) == 0;
}

int user_mem_check(struct Env *env, const void *va, size_t len, int perm);
void user_mem_assert(struct Env *env, const void *va, size_t len, int perm);
void user_mem_reject(struct Env *env, uintptr_t va);
struct PageInfo *user_page_to_share(struct Env *env, void *va, int perm,
				    pte_t **pte_store);

static inline physaddr_t
page2pa(struct PageInfo *pp)
{
	return (pp - pages) << PGSHIFT;
}

static inline struct PageInfo *
pa2page(physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		panic("pa2page called with invalid pa %08x", pa);
	return &pages[PGNUM(pa)];
}

static inline void *
page2kva(struct PageInfo *pp)
{
	return KADDR(page2pa(pp));
}

#endif
