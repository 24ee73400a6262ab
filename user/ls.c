/*
 * ls [-dFl] [file...]: list the files named, or the root directory.  A
 * directory is listed by its entries unless -d is given.  -l puts each
 * entry's size and type (d or -) first; -F marks directories with '/'.
 * Directories are read as files of raw struct File records.
 */
#include <inc/lib.h>

static bool flag_d, flag_F, flag_l;

/* Print one entry: name inside directory dir (NULL for a name given on
 * the command line, printed as it is). */
static void
list_one(const char *dir, const char *name, bool isdir, off_t size)
{
	if (flag_l)
		printf("%11d %c ", size, isdir ? 'd' : '-');
	if (dir && dir[0] != '\0')
		printf("%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
	printf("%s%s\n", name, flag_F && isdir ? "/" : "");
}

/* Print the entries of directory path, each as dir/name ("" for none). */
static void
list_directory(const char *path, const char *dir)
{
	struct File f;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		panic("open %s: %e", path, fd);
	while ((n = readn(fd, &f, sizeof(f))) == sizeof(f))
		if (f.f_name[0] != '\0')
			list_one(dir, f.f_name, f.f_type == FTYPE_DIR, f.f_size);
	if (n < 0)
		panic("error reading directory %s: %e", path, n);
	if (n > 0)
		panic("short read in directory %s", path);
	close(fd);
}

static void
list(const char *path, const char *dir)
{
	struct Stat st;
	int r;

	if ((r = stat(path, &st)) < 0) {
		printf("ls: %s: %e\n", path, r);
		return;
	}
	if (st.st_isdir && !flag_d)
		list_directory(path, dir);
	else
		list_one(NULL, path, st.st_isdir, st.st_size);
}

void
umain(int argc, char **argv)
{
	struct Argstate args;
	int c, i;

	binaryname = "ls";
	argstart(&argc, argv, &args);
	while ((c = argnext(&args)) >= 0) {
		switch (c) {
		case 'd': flag_d = true; break;
		case 'F': flag_F = true; break;
		case 'l': flag_l = true; break;
		default:
			printf("usage: ls [-dFl] [file...]\n");
			exit();
		}
	}
	if (argc <= 1)
		list("/", "");
	for (i = 1; i < argc; i++)
		list(argv[i], argv[i]);
}
