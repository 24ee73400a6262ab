/*
 * testshell: run "sh -x < testshell.sh" with its output in a pipe, and
 * compare what comes out with testshell.key, byte by byte.  Prints
 * "shell ran correctly" and enters the kernel monitor, or shows where the
 * output went wrong.
 */
#include <inc/x86.h>
#include <inc/lib.h>

/* Print the rest of fd (after the bytes already shown in line). */
static void
show_rest(const char *name, const char *line, int n, int fd)
{
	char buf[100];
	ssize_t r;

	cprintf("%s:\n===\n%.*s", name, n, line);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		sys_cputs(buf, r);
	cprintf("===\n");
}

/*
 * Read the shell's output (out) and the key one byte at a time and
 * compare.  Returns true if they are the same to their ends; otherwise
 * says so, showing both from the start of the line where they differ.
 */
static bool
output_matches(int out, int key)
{
	char got_line[1024], want_line[1024], got, want;
	int n = 0;
	ssize_t r_got, r_want;

	for (;;) {
		r_got = read(out, &got, 1);
		r_want = read(key, &want, 1);
		if (r_got < 0)
			panic("reading the shell's output: %e", r_got);
		if (r_want < 0)
			panic("reading testshell.key: %e", r_want);
		if (r_got == 0 && r_want == 0)
			return true;
		if (r_got == 0 || r_want == 0 || got != want)
			break;
		if (n < (int) sizeof(got_line)) {
			got_line[n] = got;
			want_line[n] = want;
			n++;
		}
		if (got == '\n')
			n = 0;
	}
	/* The byte that differs is part of the line shown. */
	if (r_want > 0 && n < (int) sizeof(want_line))
		want_line[n] = want;
	if (r_got > 0 && n < (int) sizeof(got_line))
		got_line[n] = got;
	cprintf("shell produced incorrect output.\n");
	show_rest("expected", want_line, n + (r_want > 0), key);
	show_rest("got", got_line, n + (r_got > 0), out);
	return false;
}

void
umain(int argc, char **argv)
{
	int script, key, p[2], r;
	envid_t child, sh;

	/* The console as fds 0 and 1. */
	close(0);
	close(1);
	opencons();
	opencons();

	if ((script = open("testshell.sh", O_RDONLY)) < 0)
		panic("open testshell.sh: %e", script);
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	cprintf("running sh -x < testshell.sh | cat\n");

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		/* The script as fd 0, the pipe as fd 1; the read end stays
		 * open, on fd 3, as lsfd in the script shows. */
		dup(script, 0);
		dup(p[1], 1);
		close(script);
		close(p[1]);
		if ((sh = spawnl("/sh", "sh", "-x", NULL)) < 0)
			panic("spawn sh: %e", sh);
		close(0);
		close(1);
		wait(sh);
		exit();
	}

	close(script);
	close(p[1]);
	if ((key = open("testshell.key", O_RDONLY)) < 0)
		panic("open testshell.key: %e", key);
	if (output_matches(p[0], key)) {
		cprintf("shell ran correctly\n");
		breakpoint();
	}
}
