/*
 * fsnomem: files while another program holds every free page.  A child
 * (this program again, spawned with the argument "hoard", so that no page
 * of ours is copy-on-write) takes every page the kernel has and holds
 * them; meanwhile this program
 * reads a file the server has not cached yet and writes a new one: each
 * call succeeds or says -E_NO_MEM, and the server lives on.  Once the
 * child gives the pages back, both files read back whole.  Prints
 * "fsnomem: N calls refused, the server lives on" and "fsnomem: done";
 * anything else is a panic line.
 */
#include <inc/lib.h>

#define HOARD	((char *) 0x20000000)

static unsigned char buf[PGSIZE], want[PGSIZE];

/* Take every free page, then wait for a byte on fd, then exit (which
 * gives them back).  Writes a byte to done when it holds them all. */
static void
hoard(int go, int done)
{
	char c;
	int n = 0;

	while (sys_page_alloc(0, HOARD + n * PGSIZE, PTE_P | PTE_U | PTE_W) == 0)
		n++;
	write(done, "h", 1);
	read(go, &c, 1);
	exit();
}

static int refused;

/* r is a call's result: fine, or -E_NO_MEM (counted). */
static void
allowed(const char *what, int r)
{
	if (r == -E_NO_MEM)
		refused++;
	else if (r < 0)
		panic("%s: %e", what, r);
}

static void
pattern(int i)
{
	for (int j = 0; j < PGSIZE; j++)
		want[j] = i * 31 + j;
}

void
umain(int argc, char **argv)
{
	int go[2], done[2], fd, r, n;
	envid_t kid;
	char c;

	if (argc == 4 && strcmp(argv[1], "hoard") == 0)
		hoard(strtol(argv[2], NULL, 10), strtol(argv[3], NULL, 10));
	if ((r = pipe(go)) < 0 || (r = pipe(done)) < 0)
		panic("pipe: %e", r);
	snprintf((char *) buf, 16, "%d", go[0]);
	snprintf((char *) want, 16, "%d", done[1]);
	if ((kid = spawnl("fsnomem", "fsnomem", "hoard", buf, want,
			  NULL)) < 0)
		panic("spawn: %e", kid);
	if (read(done[0], &c, 1) != 1)
		panic("the hoarder died");

	/* Under pressure: read a program's file, write /nomem. */
	for (int k = 0; k < 3; k++) {
		if ((fd = open("/lorem", O_RDONLY)) >= 0) {
			while ((r = read(fd, buf, sizeof buf)) > 0)
				;
			allowed("read /lorem", r);
			close(fd);
		} else {
			allowed("open /lorem", fd);
		}
		if ((fd = open("/nomem", O_RDWR | O_CREAT | O_TRUNC)) >= 0) {
			for (int i = 0; i < 16; i++) {
				pattern(i);
				allowed("write /nomem",
					r = write(fd, want, sizeof want));
				if (r < 0)
					break;
			}
			close(fd);
		} else {
			allowed("create /nomem", fd);
		}
	}
	cprintf("fsnomem: %d calls refused, the server lives on\n", refused);

	write(go[1], "g", 1);
	wait(kid);

	/* With memory back, everything works and reads back. */
	if ((fd = open("/nomem", O_RDWR | O_CREAT | O_TRUNC)) < 0)
		panic("create /nomem: %e", fd);
	for (int i = 0; i < 16; i++) {
		pattern(i);
		if ((r = write(fd, want, sizeof want)) != sizeof want)
			panic("write /nomem: %e", r);
	}
	seek(fd, 0);
	for (int i = 0; i < 16; i++) {
		pattern(i);
		if ((n = readn(fd, buf, sizeof buf)) != sizeof buf ||
		    memcmp(buf, want, sizeof buf) != 0)
			panic("/nomem reads back wrong at block %d", i);
	}
	close(fd);
	if ((fd = open("/lorem", O_RDONLY)) < 0 ||
	    (n = readn(fd, buf, sizeof buf)) <= 0)
		panic("/lorem after: %e", fd < 0 ? fd : n);
	close(fd);
	cprintf("fsnomem: done\n");
}
