/*
 * tlbstale: a parent takes a page away from its child while the child is
 * running on another CPU and writing to it, then takes a fresh page,
 * which the kernel hands out from the same physical page.  The child's
 * CPU may still hold the old translation in its TLB: unless the kernel
 * makes that CPU forget it, the child's writes land in the parent's new
 * page (or, were it a page table, anywhere).  The child must fault on
 * its next write instead, and the new page must stay zero.  Needs two
 * CPUs or more.  Prints "ok   WHAT" or "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define SHARED		((volatile uint32_t *) 0x10000000)
#define FRESH		((volatile uint32_t *) 0x10001000)
#define ROUNDS		3
#define WATCH		2000000

/* In the child: the write after the page went away faulted, as it
 * must. */
static void
child_fault(struct UTrapframe *utf)
{
	if (utf->utf_fault_va != (uintptr_t) SHARED)
		panic("unexpected fault at %08x", utf->utf_fault_va);
	exit();
}

/* Write to the shared page forever, once it is there. */
static void __attribute__((noreturn))
child(void)
{
	set_pgfault_handler(child_fault);
	while (!(uvpd[PDX(SHARED)] & PTE_P) || !(uvpt[PGNUM(SHARED)] & PTE_P))
		sys_yield();
	for (;;)
		(*SHARED)++;
}

/* One round: returns whether the child's writes stayed out of the fresh
 * page. */
static bool
round(void)
{
	envid_t id;
	uint32_t seen;
	int i, r;
	bool clean = true;

	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0)
		child();
	if ((r = sys_page_alloc(0, (void *) SHARED, PUW)) < 0 ||
	    (r = sys_page_map(0, (void *) SHARED, id, (void *) SHARED, PUW)) < 0)
		panic("sharing a page: %e", r);
	/* Wait until the child is writing (so it runs, on another CPU). */
	for (seen = *SHARED; *SHARED - seen < 1000; )
		;
	if ((r = sys_page_unmap(id, (void *) SHARED)) < 0 ||
	    (r = sys_page_unmap(0, (void *) SHARED)) < 0 ||
	    (r = sys_page_alloc(0, (void *) FRESH, PUW)) < 0)
		panic("taking the page away: %e", r);
	for (i = 0; i < WATCH && env_alive(id); i++)
		if (*FRESH != 0 && clean) {
			cprintf("tlbstale: the child wrote %u into our fresh "
				"page\n", *FRESH);
			clean = false;
		}
	if (env_alive(id)) {
		cprintf("tlbstale: the child is still writing\n");
		clean = false;
		sys_env_destroy(id);
		wait_gone(id);
	}
	sys_page_unmap(0, (void *) FRESH);
	return clean;
}

void
umain(int argc, char **argv)
{
	bool clean = true;
	int i;

	for (i = 0; i < ROUNDS; i++)
		clean &= round();
	expect_true("a page taken from a running child is gone from its TLB",
		    clean);
	hostile_summary("tlbstale");
}
