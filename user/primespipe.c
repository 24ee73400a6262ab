/*
 * primespipe: the sieve of Eratosthenes as a chain of envs joined by
 * pipes.  A generator writes 2, 3, 4, ... into the first pipe.  Each env
 * in the chain prints the first number it reads, which is a prime, and
 * passes on the numbers that prime does not divide to the next env,
 * which it forks.  Numbers go as 4-byte ints.
 */
#include <inc/lib.h>

/* Read one number from fd; panics if the pipe ends. */
static int
read_number(int fd, const char *what)
{
	int n;
	ssize_t r;

	if ((r = readn(fd, &n, sizeof(n))) != sizeof(n))
		panic("%s: read %d, %e", what, r, r < 0 ? r : -E_EOF);
	return n;
}

static void
write_number(int fd, int n, const char *what)
{
	ssize_t r;

	if ((r = write(fd, &n, sizeof(n))) != sizeof(n))
		panic("%s: write %d, %e", what, r, r < 0 ? r : -E_EOF);
}

/* One stage of the sieve, reading from fd.  Never returns. */
static void __attribute__((noreturn))
sieve(int fd)
{
	int prime, n, p[2], r;
	envid_t next;

	for (;;) {
		prime = read_number(fd, "sieve start");
		cprintf("%d\n", prime);
		if ((r = pipe(p)) < 0)
			panic("pipe: %e", r);
		if ((next = fork()) < 0)
			panic("fork: %e", next);
		if (next != 0)
			break;
		/* The child is the next stage: it reads the new pipe. */
		close(fd);
		close(p[1]);
		fd = p[0];
	}
	close(p[0]);
	for (;;)
		if ((n = read_number(fd, "sieve")) % prime != 0)
			write_number(p[1], n, "sieve");
}

void
umain(int argc, char **argv)
{
	int p[2], n, r;
	envid_t first;

	binaryname = "primespipe";
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((first = fork()) < 0)
		panic("fork: %e", first);
	if (first == 0) {
		close(p[1]);
		sieve(p[0]);
	}
	close(p[0]);
	for (n = 2; ; n++)
		write_number(p[1], n, "generator");
}
