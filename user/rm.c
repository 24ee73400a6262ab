/* rm file...: remove each file.  A directory must be empty. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int i, r;

	binaryname = "rm";
	if (argc < 2) {
		printf("usage: rm file...\n");
		return;
	}
	for (i = 1; i < argc; i++)
		if ((r = remove(argv[i])) < 0)
			printf("rm: %s: %e\n", argv[i], r);
}
