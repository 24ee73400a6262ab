/*
 * evilhello: asks the kernel to print its own memory.  The address is mapped
 * (it is kernel text) but not user-accessible, so the kernel refuses:
 * "[00001000] user_mem_check assertion failure for va f010000c", and the env
 * is destroyed.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_cputs((const char *) 0xf010000c, 100);
}
