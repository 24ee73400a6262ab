/*
 * dumbfork: fork without copy-on-write.  The parent builds the child out of
 * the exokernel calls alone: sys_exofork, then a fresh copy of every page of
 * the program and of the stack page (sys_page_alloc, a temporary mapping
 * with sys_page_map, memmove, sys_page_unmap), then sys_env_set_status.
 * The parent prints "%d: I am the parent!" 10 times and the child "%d: I am
 * the child!" 20 times, yielding after each line; both exit gracefully.
 */
#include <inc/lib.h>

/* End of the program image, placed by the linker. */
extern unsigned char end[];

/*
 * Give env dst a private page at va holding a copy of this env's page
 * there.  UTEMP is the scratch address through which we write it.
 */
static void
copy_page(envid_t dst, void *va)
{
	int r;

	if ((r = sys_page_alloc(dst, va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	if ((r = sys_page_map(dst, va, 0, UTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_map: %e", r);
	memmove(UTEMP, va, PGSIZE);
	if ((r = sys_page_unmap(0, UTEMP)) < 0)
		panic("sys_page_unmap: %e", r);
}

/*
 * Create a runnable copy of this env.  Returns the child's id in the
 * parent and 0 in the child; panics on failure.
 */
static envid_t
dumbfork(void)
{
	envid_t child;
	uint8_t *va;
	int r;

	child = sys_exofork();
	if (child < 0)
		panic("sys_exofork: %e", child);
	if (child == 0) {
		/* The copied stack still names the parent's env. */
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (va = (uint8_t *) UTEXT; va < end; va += PGSIZE)
		copy_page(child, va);
	/* The stack: the page holding our own frame is the one in use. */
	copy_page(child, ROUNDDOWN(&va, PGSIZE));

	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("sys_env_set_status: %e", r);
	return child;
}

void
umain(int argc, char **argv)
{
	envid_t who = dumbfork();
	int i;

	for (i = 0; i < (who ? 10 : 20); i++) {
		cprintf("%d: I am the %s!\n", i, who ? "parent" : "child");
		sys_yield();
	}
}
