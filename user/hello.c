/*
 * hello: the smallest user program.  It proves that an env starts at umain
 * with a working console and a correct thisenv: it prints "hello, world"
 * and then "i am environment 00001000" (its own id), and exits gracefully.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("hello, world\n");
	cprintf("i am environment %08x\n", thisenv->env_id);
}
