/*
 * buggyhello: hands the kernel a pointer into the unmapped first page.
 * The kernel must check the pointer rather than fault on it: it prints
 * "[00001000] user_mem_check assertion failure for va 00000001" and
 * destroys the env.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_cputs((const char *) 1, 1);
}
