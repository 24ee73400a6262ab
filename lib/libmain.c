/* The C start of every user program: set up the library's globals, run
 * umain, and exit. */

#include <inc/lib.h>

const char *binaryname = "<unknown>";

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
