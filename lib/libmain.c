/* The C start of every user program: set up the library's globals, run
 * umain, and exit. */

#include <inc/lib.h>

const char *binaryname = "<unknown>";

/* In section .thisenv, which user/user.ld puts on a page of its own for
 * sfork() to copy rather than share (lib/fork.c). */
const volatile struct Env *thisenv __attribute__((section(".thisenv")));

/* Called from lib/entry.S with the program's arguments (none yet). */
void
libmain(int argc, char **argv)
{
	thisenv = &envs[ENVX(sys_getenvid())];
	if (argc > 0 && argv[0] != NULL)
		binaryname = argv[0];

	umain(argc, argv);
	exit();
}
