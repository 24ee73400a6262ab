/*
 * lsfd [-1]: list this env's open file descriptors (which it inherited),
 * one line each: "fd N: name NAME isdir D size S dev DEV".  To the console,
 * or with -1 to fd 1.
 */
#include <inc/lib.h>

#define NFDS	32	/* the fd table's size (lib/fd.c) */

void
umain(int argc, char **argv)
{
	struct Argstate args;
	struct Stat st;
	bool to_stdout = false;
	int c, i;

	binaryname = "lsfd";
	argstart(&argc, argv, &args);
	while ((c = argnext(&args)) >= 0) {
		if (c != '1') {
			cprintf("usage: lsfd [-1]\n");
			exit();
		}
		to_stdout = true;
	}

	for (i = 0; i < NFDS; i++) {
		if (fstat(i, &st) < 0)
			continue;
		if (to_stdout)
			fprintf(1, "fd %d: name %s isdir %d size %d dev %s\n",
				i, st.st_name, st.st_isdir, st.st_size,
				st.st_dev->dev_name);
		else
			cprintf("fd %d: name %s isdir %d size %d dev %s\n",
				i, st.st_name, st.st_isdir, st.st_size,
				st.st_dev->dev_name);
	}
}
