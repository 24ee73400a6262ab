/*
 * badsegment: loads %ds with selector 0x28, which names a kernel-only
 * descriptor (a TSS).  The load itself faults: the kernel prints the trap
 * frame with "trap 0x0000000d General Protection" and destroys the env.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("movw $0x28, %%ax\n\t"
		     "movw %%ax, %%ds"
		     : : : "eax");
}
