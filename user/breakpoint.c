/*
 * breakpoint: executes int3.  User mode may raise the breakpoint vector, and
 * the kernel answers it with its monitor: the trap frame shows
 * "trap 0x00000003 Breakpoint" and "Welcome to the JOS kernel monitor!"
 * follows, with the env still alive (no "free env" line).
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("int3");
}
