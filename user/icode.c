/*
 * icode: the program the kernel starts by default from lab 5 on.  It
 * shows that files can be read (it prints /motd) and that programs can
 * be started from the disk (it spawns /init, which starts the shell).
 */
#include <inc/lib.h>

/* Copy file path to the console. */
static void
print_file(const char *path)
{
	char buf[512];
	ssize_t n;
	int fd;

	cprintf("icode: open %s\n", path);
	if ((fd = open(path, O_RDONLY)) < 0)
		panic("icode: open %s: %e", path, fd);
	cprintf("icode: read %s\n", path);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sys_cputs(buf, n);
	if (n < 0)
		panic("icode: read %s: %e", path, n);
	cprintf("icode: close %s\n", path);
	close(fd);
}

void
umain(int argc, char **argv)
{
	envid_t init;

	binaryname = "icode";
	cprintf("icode startup\n");
	print_file("/motd");

	cprintf("icode: spawn /init\n");
	if ((init = spawnl("/init", "init", "initarg1", "initarg2", NULL)) < 0)
		panic("icode: spawn /init: %e", init);
	cprintf("icode: exiting\n");
}
