/* initsh: init without the loading checks: open the console as fds 0 and
 * 1 and keep a shell running on it. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t sh;
	int r;

	cprintf("initsh: running sh\n");
	close(0);
	if ((r = opencons()) < 0)
		panic("opencons: %e", r);
	if (r != 0)
		panic("first opencons used fd %d", r);
	if ((r = dup(0, 1)) < 0)
		panic("dup: %e", r);
	for (;;) {
		cprintf("init: starting sh\n");
		if ((sh = spawnl("/sh", "sh", NULL)) < 0) {
			cprintf("init: spawn sh: %e\n", sh);
			sys_yield();
			continue;
		}
		wait(sh);
	}
}
