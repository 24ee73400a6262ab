/*
 * spawnerrors: a spawn that fails returns a clear error and leaves
 * nothing behind: no env and no page.  It tries a missing file, a file
 * that is not a program, a program with a segment above the stack, and
 * arguments that do not fit on the stack.  Each is tried twice and
 * measured the second time, after the file server has cached the blocks.
 */
#include <inc/elf.h>
#include <inc/lib.h>

/* The number of envs in use. */
static int
live_envs(void)
{
	int i, n = 0;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE)
			n++;
	return n;
}

/* Write a program whose only segment lies above UTOP to path. */
static void
write_bad_program(const char *path)
{
	static union {
		struct {
			struct Elf elf;
			struct Proghdr ph;
		};
		char bytes[1024];
	} image;
	int fd, r;

	image.elf.e_magic = ELF_MAGIC;
	image.elf.e_entry = UTEXT;
	image.elf.e_phoff = sizeof(struct Elf);
	image.elf.e_phentsize = sizeof(struct Proghdr);
	image.elf.e_phnum = 1;
	image.ph.p_type = ELF_PROG_LOAD;
	image.ph.p_va = UTOP;
	image.ph.p_offset = 0;
	image.ph.p_filesz = PGSIZE;
	image.ph.p_memsz = PGSIZE;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC)) < 0)
		panic("create %s: %e", path, fd);
	if ((r = write(fd, image.bytes, sizeof(image.bytes))) != sizeof(image.bytes))
		panic("write %s: %e", path, r);
	close(fd);
}

/* Spawn prog with argv twice; the second time, check the error and that
 * no env or page is left over. */
static void
try(const char *what, const char *prog, const char **argv, int want)
{
	size_t pages;
	int envs_before, r;

	spawn(prog, argv);
	envs_before = live_envs();
	pages = jos_sys_page_free_count();
	r = spawn(prog, argv);
	if (r != want)
		cprintf("spawnerrors: %s: got %e, want %e\n", what, r, want);
	else if (live_envs() != envs_before || jos_sys_page_free_count() != pages)
		cprintf("spawnerrors: %s: %d envs and %d pages left over\n", what,
			live_envs() - envs_before, pages - jos_sys_page_free_count());
	else
		cprintf("spawnerrors: %s: %e, nothing left behind\n", what, r);
}

void
umain(int argc, char **argv)
{
	static char long_arg[3000];
	const char *plain[] = { "x", NULL };
	const char *too_long[] = { "hello", long_arg, long_arg, NULL };

	memset(long_arg, 'a', sizeof(long_arg) - 1);
	write_bad_program("/badsegment.elf");

	try("missing file", "/no-such-program", plain, -E_NOT_FOUND);
	try("not a program", "/motd", plain, -E_NOT_EXEC);
	try("bad segment", "/badsegment.elf", plain, -E_NOT_EXEC);
	try("arguments too long", "/hello", too_long, -E_NO_MEM);
}
