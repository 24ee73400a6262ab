/* mkdir dir...: create each directory, which must not exist yet. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int fd, i;

	binaryname = "mkdir";
	if (argc < 2) {
		printf("usage: mkdir dir...\n");
		return;
	}
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY | O_CREAT | O_EXCL | O_MKDIR)) < 0)
			printf("mkdir: %s: %e\n", argv[i], fd);
		else
			close(fd);
	}
}
