/*
 * init: the first program from the disk.  It checks that spawn loaded it
 * right (its initialised data, its zeroed bss, its arguments), then opens
 * the console as fds 0 and 1 and keeps a shell running on it: whenever
 * the shell exits, a new one starts.
 */
#include <inc/lib.h>

#define CHECK_BYTES	6000	/* more than a page: spans several */

/* Byte i is i / 2000 + 1, so a page loaded at the wrong place shows. */
static char data[CHECK_BYTES] = {
	[0 ... 1999] = 1, [2000 ... 3999] = 2, [4000 ... 5999] = 3,
};
static char bss[CHECK_BYTES];

static void
check_data(void)
{
	int i;

	for (i = 0; i < CHECK_BYTES; i++)
		if (data[i] != i / 2000 + 1) {
			cprintf("init: data is not good: byte %d is %d\n",
				i, data[i]);
			return;
		}
	cprintf("init: data seems okay\n");
}

static void
check_bss(void)
{
	int i;

	for (i = 0; i < CHECK_BYTES; i++)
		if (bss[i] != 0) {
			cprintf("init: bss is not good: byte %d is %d\n",
				i, bss[i]);
			return;
		}
	cprintf("init: bss seems okay\n");
}

/* Make the console fds 0 and 1, in that order, as programs expect. */
static void
open_console(void)
{
	int r;

	close(0);
	if ((r = opencons()) < 0)
		panic("opencons: %e", r);
	if (r != 0)
		panic("first opencons used fd %d", r);
	if ((r = dup(0, 1)) < 0)
		panic("dup: %e", r);
}

void
umain(int argc, char **argv)
{
	envid_t sh;
	int i;

	cprintf("init: running\n");
	check_data();
	check_bss();
	cprintf("init: args:");
	for (i = 0; i < argc; i++)
		cprintf(" '%s'", argv[i]);
	cprintf("\n");

	cprintf("init: running sh\n");
	open_console();
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
