/*
 * buggyhello2: passes a valid pointer with a length that runs far past the
 * end of the program's memory.  The kernel must check the whole range, not
 * only its start: it reports the first unmapped page after the program's
 * data ("user_mem_check assertion failure for va 008nn000") and destroys
 * the env without printing any of the text.
 */
#include <inc/lib.h>

static const char greeting[] = "hello, world\n";

void
umain(int argc, char **argv)
{
	sys_cputs(greeting, 1024 * 1024);
}
