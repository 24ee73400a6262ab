/*
 * softint: raises the page-fault vector with "int $14".  Only the breakpoint
 * and system-call gates are open to user mode, so the processor turns this
 * into a general protection fault: the kernel prints the trap frame with
 * "trap 0x0000000d General Protection" and destroys the env.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("int $14");
}
