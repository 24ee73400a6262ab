/* The file-system test helpers; each one's contract is in fsutil.h. */
#include <user/lib/fsutil.h>

int
xopen(const char *path, int mode)
{
	int fd = open(path, mode);

	if (fd < 0)
		panic("open %s: %e", path, fd);
	return fd;
}
