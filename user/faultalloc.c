/*
 * faultalloc: memory made on demand by a user page-fault handler.  Reading
 * an unmapped string makes the handler map a page there and write the
 * string into it.  Output: "fault deadbeef", "this string was faulted in at
 * deadbeef", "fault cafebffe", "fault cafec000", "this string was faulted
 * in at cafebffe".  The string at 0xcafebffe straddles two pages, so the
 * handler's own write faults again: that is the nested fault at cafec000.
 */
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	char *addr = (char *) utf->utf_fault_va;
	int r;

	cprintf("fault %x\n", (uint32_t) addr);
	r = sys_page_alloc(0, ROUNDDOWN(addr, PGSIZE), PTE_P | PTE_U | PTE_W);
	if (r < 0)
		panic("allocating at %x in page fault handler: %e",
		      (uint32_t) addr, r);
	snprintf(addr, 100, "this string was faulted in at %x",
		 (uint32_t) addr);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	cprintf("%s\n", (char *) 0xdeadbeef);
	cprintf("%s\n", (char *) 0xcafebffe);
}
