/*
 * hostile_refs: a page's reference count (16 bits in the classic struct
 * PageInfo) must never wrap.  Map one page at as many addresses as it
 * takes to reach the most references a page can have; every further
 * mapping of it must fail with -E_NO_MEM: by sys_page_map, by
 * sys_page_map_batch, and by IPC page transfer.  Remapping it where it
 * already is, and copying it, take no reference and still work.  The
 * page keeps its contents at every address; once all are unmapped the
 * kernel's audit (at the end of the run) finds every count right.
 * Prints "ok   WHAT" or "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define BASE		0x10000000
/* The most references a page can have: the largest pp_ref. */
#define MAXREF		0xFFFF
#define AT(i)		((void *) (BASE + (i) * PGSIZE))
#define RECV_VA		((void *) 0xA0000000)
#define COPY_VA		((void *) 0xA0001000)

/* Receive one page at RECV_VA; report what arrived. */
static void
receiver(void)
{
	int r = sys_ipc_recv(RECV_VA);

	expect("the receiver got the page once a reference was free", r, 0);
	expect_true("the page it got has the sender's contents",
		    r == 0 && *(volatile uint32_t *) RECV_VA == 0xC0FFEE);
	exit();
}

void
umain(int argc, char **argv)
{
	envid_t child;
	struct PageMapOp op;
	int i, r, bad = 0;

	/* Before the page has its mappings: fork would map it too. */
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0)
		receiver();

	expect("alloc the page", sys_page_alloc(0, AT(0), PUW), 0);
	*(volatile uint32_t *) AT(0) = 0xC0FFEE;
	for (i = 1; i < MAXREF; i++)
		if ((r = sys_page_map(0, AT(0), 0, AT(i), PUW)) < 0 && !bad++)
			cprintf("mapping %d: %e\n", i, r);
	expect("map it at 65534 more addresses", bad, 0);

	expect("one more sys_page_map is refused",
	       sys_page_map(0, AT(0), 0, AT(MAXREF), PUW), -E_NO_MEM);
	expect("nothing was mapped there", sys_page_unmap(0, AT(MAXREF)), 0);
	expect_true("... as uvpt shows",
		    !(uvpd[PDX(AT(MAXREF))] & PTE_P) ||
		    !(uvpt[PGNUM(AT(MAXREF))] & PTE_P));
	op = (struct PageMapOp) { 0, AT(0), 0, AT(MAXREF), PUW, 0 };
	expect("one more sys_page_map_batch is refused",
	       jos_sys_page_map_batch(&op, 1), -E_NO_MEM);
	expect("remapping it where it is, read-only, works",
	       sys_page_map(0, AT(0), 0, AT(1), PTE_P | PTE_U), 0);
	expect("copying it works", jos_sys_page_copy(0, AT(0), COPY_VA, PUW), 0);
	expect("... and the copy can be unmapped", sys_page_unmap(0, COPY_VA),
	       0);

	wait_receiving(child);
	expect("sending it by IPC is refused",
	       sys_ipc_try_send(child, 1, AT(0), PTE_P | PTE_U), -E_NO_MEM);
	expect_true("the receiver still waits",
		    envs[ENVX(child)].env_ipc_recving);

	*(volatile uint32_t *) AT(MAXREF - 1) = 0xC0FFEE;
	for (i = 0; i < MAXREF; i += 4097)
		if (*(volatile uint32_t *) AT(i) != 0xC0FFEE)
			bad++;
	expect("the page reads the same at every address", bad, 0);

	expect("unmap one address", sys_page_unmap(0, AT(MAXREF - 1)), 0);
	expect("then sending it works",
	       sys_ipc_try_send(child, 1, AT(0), PTE_P | PTE_U), 0);
	wait_gone(child);

	for (i = 0; i < MAXREF; i++)
		if (sys_page_unmap(0, AT(i)) < 0)
			bad++;
	expect("unmap every address", bad, 0);
	hostile_summary("hostile_refs");
}
