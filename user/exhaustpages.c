/*
 * exhaustpages: allocate pages until the kernel says -E_NO_MEM, then,
 * with no page left, check that every call needing one fails with
 * -E_NO_MEM and changes nothing: page_alloc, a page_map that needs a new
 * page table, exofork, fork.  With exactly one page free, page_alloc into
 * a new page table (the page found, its table not) and fork (the child's
 * directory found, its tables not) must give that page back.  Then free
 * everything: the free count must be back, less the page tables we keep.
 * Prints "ok   WHAT" or "FAIL WHAT" per check (user/hostile.h).
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
/* Where the pages go: room for all 256 MiB the kernel can manage. */
#define BASE		0x10000000
/* In a 4 MiB region with no page table yet. */
#define FAR_VA		((void *) 0xd0000000)

static void
unexpected_fault(struct UTrapframe *utf)
{
	panic("unexpected page fault at %08x", utf->utf_fault_va);
}

/* Page tables we have in [BASE, end). */
static int
count_page_tables(uintptr_t end)
{
	uintptr_t va;
	int n = 0;

	for (va = BASE; va < end; va += PTSIZE)
		n += (uvpd[PDX(va)] & PTE_P) != 0;
	return n;
}

/* Allocate pages from BASE on until memory runs out, leaving no page
 * free; returns the end of what was allocated. */
static uintptr_t
use_up_memory(void)
{
	uintptr_t va = BASE;
	int r;

	while ((r = sys_page_alloc(0, (void *) va, PUW)) == 0)
		va += PGSIZE;
	expect("page_alloc once memory is gone", r, -E_NO_MEM);
	/* The last call may have found a page but no page table for it, and
	 * given the page back: make room for both and take them. */
	if (jos_sys_page_free_count() == 1) {
		sys_page_unmap(0, (void *) (va - PGSIZE));
		if (sys_page_alloc(0, (void *) va, PUW) == 0)
			va += PGSIZE;
	}
	cprintf("exhaustpages: %u pages allocated\n", (va - BASE) / PGSIZE);
	return va;
}

static void
check_no_memory(uintptr_t end)
{
	expect_true("no page is free", jos_sys_page_free_count() == 0);
	expect("page_alloc with no page free",
	       sys_page_alloc(0, (void *) end, PUW), -E_NO_MEM);
	expect("page_map needing a page table, with no page free",
	       sys_page_map(0, (void *) BASE, 0, FAR_VA, PUW), -E_NO_MEM);
	expect("exofork with no page free", sys_exofork(), -E_NO_MEM);
	expect("fork with no page free", fork(), -E_NO_MEM);
	expect_true("the refused calls took no page",
		    jos_sys_page_free_count() == 0);
}

static void
check_one_page(void)
{
	sys_page_unmap(0, (void *) BASE);
	expect_true("one page is free", jos_sys_page_free_count() == 1);
	expect("page_alloc needing a page table, with one page free",
	       sys_page_alloc(0, FAR_VA, PUW), -E_NO_MEM);
	expect_true("the page came back", jos_sys_page_free_count() == 1);
	expect("fork with one page free", fork(), -E_NO_MEM);
	expect_true("the page came back again", jos_sys_page_free_count() == 1);
}

void
umain(int argc, char **argv)
{
	size_t free_at_start;
	uintptr_t end, va;
	int tables;

	/* Our exception stack now, so that fork needs no page for it. */
	set_pgfault_handler(unexpected_fault);
	free_at_start = jos_sys_page_free_count();

	end = use_up_memory();
	check_no_memory(end);
	check_one_page();

	for (va = BASE; va < end; va += PGSIZE)
		sys_page_unmap(0, (void *) va);
	tables = count_page_tables(end);
	expect_true("every page came back but our page tables",
		    jos_sys_page_free_count() + tables == free_at_start);
	hostile_summary("exhaustpages");
}
