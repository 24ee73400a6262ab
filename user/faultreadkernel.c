/*
 * faultreadkernel: reads kernel memory at 0xf0100000.  It is mapped but not
 * for users, so the kernel prints "user fault va f0100000 ip 008....." and
 * destroys the env; the "I read ..." line must not appear.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("I read %08x from location 0xf0100000!\n",
		*(volatile unsigned *) 0xf0100000);
}
