/*
 * sseregs: the kernel copies pages with SSE registers, which belong to
 * the env that was running; a copy-on-write fault must leave them as they
 * were.  Loads distinctive values into %xmm0-%xmm3, writes to a page
 * shared copy-on-write with a child (the kernel copies it), reads the
 * registers back and compares.  Output: "SSE registers after a
 * copy-on-write fault: OK", or a MISMATCH line per register.
 */
#include <inc/lib.h>

static uint32_t pattern[16] = {
	0x00112233, 0x44556677, 0x8899aabb, 0xccddeeff,
	0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210,
	0xdeadbeef, 0xcafebabe, 0x0badf00d, 0xfeedface,
	0x13579bdf, 0x2468ace0, 0x11111111, 0x22222222,
};
static uint32_t after[16];
static volatile uint32_t shared[PGSIZE / 4] __attribute__((aligned(PGSIZE)));

/* Load pattern into %xmm0-%xmm3, write *target (a copy-on-write fault),
 * store the registers into after.  Built without -msse, the compiler uses
 * no %xmm register itself (and will not accept them as clobbers). */
static void
fault_with_sse_registers_live(volatile uint32_t *target)
{
	asm volatile(
		"movups 0(%0), %%xmm0\n\t"
		"movups 16(%0), %%xmm1\n\t"
		"movups 32(%0), %%xmm2\n\t"
		"movups 48(%0), %%xmm3\n\t"
		"movl $1, (%2)\n\t"
		"movups %%xmm0, 0(%1)\n\t"
		"movups %%xmm1, 16(%1)\n\t"
		"movups %%xmm2, 32(%1)\n\t"
		"movups %%xmm3, 48(%1)\n\t"
		: : "r" (pattern), "r" (after), "r" (target)
		: "memory");
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int i, bad = 0;

	shared[0] = 7;
	if ((child = fork()) == 0) {
		ipc_recv(NULL, NULL, NULL);	/* hold the page shared */
		if (shared[0] != 7)
			panic("the child saw the parent's write");
		return;
	}
	fault_with_sse_registers_live(&shared[0]);
	ipc_send(child, 0, NULL, 0);

	for (i = 0; i < 16; i++)
		if (after[i] != pattern[i]) {
			cprintf("xmm%d word %d: expected %08x got %08x: MISMATCH\n",
				i / 4, i % 4, pattern[i], after[i]);
			bad = 1;
		}
	if (!(uvpt[PGNUM(&shared[0])] & PTE_W) || shared[0] != 1)
		panic("the write did not land on a private copy");
	if (!bad)
		cprintf("SSE registers after a copy-on-write fault: OK\n");
}
