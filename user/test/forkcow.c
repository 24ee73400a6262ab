/*
 * forkcow: what fork promises about memory.  Before forking, the parent
 * fills "cells" on pages all over the address space below UTOP (a low page,
 * one between UTEMP and the program, a fresh page table at 0xa0000000, a
 * page just below the stack, a global and a stack variable) and maps one
 * more page read-only.  Then:
 *   - a first child sees every cell's pre-fork value, finds the read-only
 *     page still read-only (a grandchild's write to it faults), and writes
 *     its own values;
 *   - the parent, once that child is gone, still sees its own values;
 *   - the parent forks a second child, writes new values and exits; the
 *     second child still sees the pre-fork values.
 * Each step prints a line ending in "OK", or lines showing the differing
 * cells and "FAILED".
 */
#include <inc/lib.h>

#define NCELLS		6
#define RO_VA		((volatile uint32_t *) 0xb0000000)
#define RO_VALUE	0x5eed

/* Values written before the fork, by a child, and by the parent after. */
#define PREFORK		0x10000
#define CHILD		0xc0000
#define PARENT		0xa0000

static volatile uint32_t global_cell;
static volatile uint32_t *cells[NCELLS];

/* Pages the parent allocates just for this test. */
static const uintptr_t page_cells[] = {
	0x00001000, 0x00500000, 0xa0000000, USTACKTOP - 16 * PGSIZE,
};

/* Set up the cells: the pages, the global, and a stack variable. */
static void
make_cells(volatile uint32_t *stack_cell)
{
	int i, r;

	for (i = 0; i < ARRAY_SIZE(page_cells); i++) {
		r = sys_page_alloc(0, (void *) page_cells[i],
				   PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("sys_page_alloc at %08x: %e", page_cells[i], r);
		/* Not at the page's start, to show the whole page moves. */
		cells[i] = (volatile uint32_t *) (page_cells[i] + 0x123 * 4);
	}
	cells[i++] = &global_cell;
	cells[i++] = stack_cell;
	static_assert(ARRAY_SIZE(page_cells) + 2 == NCELLS);
}

/* Map RO_VA read-only, holding RO_VALUE. */
static void
make_readonly_page(void)
{
	int r;

	if ((r = sys_page_alloc(0, (void *) RO_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*RO_VA = RO_VALUE;
	if ((r = sys_page_map(0, (void *) RO_VA, 0, (void *) RO_VA,
			      PTE_P | PTE_U)) < 0)
		panic("sys_page_map: %e", r);
}

static void
write_cells(uint32_t base)
{
	int i;

	for (i = 0; i < NCELLS; i++)
		*cells[i] = base + i;
}

/* Print "who: what: OK" if every cell holds base + its index. */
static void
check_cells(uint32_t base, const char *who, const char *what)
{
	bool ok = true;
	int i;

	for (i = 0; i < NCELLS; i++)
		if (*cells[i] != base + i) {
			cprintf("%s: cell at %08x holds %x, expected %x\n",
				who, (uint32_t) cells[i], *cells[i], base + i);
			ok = false;
		}
	cprintf("%s: %s: %s\n", who, what, ok ? "OK" : "FAILED");
}

/* Wait, yielding, until env id has been destroyed. */
static void
wait_gone(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	while (e->env_id == id && e->env_status != ENV_FREE)
		sys_yield();
}

/* The grandchild's handler: the one fault it should take is the write. */
static void
readonly_fault(struct UTrapframe *utf)
{
	if (utf->utf_fault_va == (uint32_t) RO_VA && (utf->utf_err & FEC_WR))
		cprintf("grandchild: writing the read-only page faulted: OK\n");
	else
		cprintf("grandchild: unexpected fault at va %08x err %x: "
			"FAILED\n", utf->utf_fault_va, utf->utf_err);
	exit();
}

/* In a fresh env, write to RO_VA, which must fault. */
static void
try_readonly_write(void)
{
	envid_t id;

	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		/* Installing the handler dirties the library's copy-on-write
		 * data once more under fork's handler; from now on the only
		 * fault expected is the write below. */
		set_pgfault_handler(readonly_fault);
		*RO_VA = RO_VALUE + 1;
		cprintf("grandchild: wrote to the read-only page: FAILED\n");
		exit();
	}
	wait_gone(id);
}

static void
first_child(void)
{
	pte_t pte;

	check_cells(PREFORK, "child", "every page made before the fork "
		    "was copied");

	pte = (uvpd[PDX(RO_VA)] & PTE_P) ? uvpt[PGNUM(RO_VA)] : 0;
	cprintf("child: the read-only page is still read-only: %s\n",
		(pte & (PTE_P | PTE_W | PTE_COW)) == PTE_P && *RO_VA == RO_VALUE
		? "OK" : "FAILED");
	try_readonly_write();
	if (*RO_VA != RO_VALUE)
		cprintf("child: the read-only page changed: FAILED\n");

	write_cells(CHILD);
	check_cells(CHILD, "child", "its own writes took effect");
}

void
umain(int argc, char **argv)
{
	volatile uint32_t stack_cell;
	envid_t id;

	make_cells(&stack_cell);
	make_readonly_page();
	write_cells(PREFORK);

	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		first_child();
		return;
	}
	wait_gone(id);
	check_cells(PREFORK, "parent", "the child's writes did not reach "
		    "the parent");

	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		wait_gone(thisenv->env_parent_id);
		check_cells(PREFORK, "child", "the parent's writes did not "
			    "reach the child");
		return;
	}
	write_cells(PARENT);
	check_cells(PARENT, "parent", "its own writes took effect");
}
