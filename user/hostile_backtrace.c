/*
 * hostile_backtrace: stop at a breakpoint with %ebp pointing at kernel
 * memory (unmapped, a kernel stack, kernel text, the top of the address
 * space), once per value.  The grader types "backtrace" and then
 * "continue" at each stop: the kernel's frames must end at trap(), where
 * the user's registers begin, and the user's frames must stop where the
 * env may not read.  Then prints "hostile_backtrace: N stops survived".
 */
#include <inc/lib.h>

static const uint32_t values[] = {
	0xefff7ff0,	/* unmapped, just below CPU 0's kernel stack */
	0xeffffff8,	/* the top of CPU 0's kernel stack */
	0xf0100000,	/* kernel text */
	0xfffffffc,	/* a frame that wraps around */
};

static uint32_t value __attribute__((used));

void
umain(int argc, char **argv)
{
	unsigned v;

	for (v = 0; v < ARRAY_SIZE(values); v++) {
		value = values[v];
		cprintf("hostile_backtrace: breakpoint with %%ebp %08x\n",
			value);
		asm volatile("pushl %%ebp\n\t"
			     "movl value, %%ebp\n\t"
			     "int3\n\t"
			     "popl %%ebp"
			     : : : "memory");
	}
	cprintf("hostile_backtrace: %d stops survived\n", ARRAY_SIZE(values));
}
