/*
 * faultallocbad: the faultalloc handler cannot help when it is the kernel
 * that touches the memory.  sys_cputs checks the pointer instead of
 * faulting on it: "[00001000] user_mem_check assertion failure for va
 * deadbeef", the env is destroyed, and the handler never runs.
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
	sys_cputs((const char *) 0xdeadbeef, 4);
}
