/*
 * testpteshare: a PTE_SHARE page must be shared, not copied, with a
 * forked child and with a spawned one.  Each child writes its own text
 * into the page; the parent must see it.  Ends in the kernel monitor.
 */
#include <inc/x86.h>
#include <inc/lib.h>

#define SHARED	((char *) 0xA0000000)

static const char from_fork[] = "written by the forked child";
static const char from_spawn[] = "written by the spawned child";

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		/* Spawned by the run below: the page is already there. */
		strcpy(SHARED, from_spawn);
		return;
	}

	if ((r = sys_page_alloc(0, SHARED, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("sys_page_alloc: %e", r);

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		strcpy(SHARED, from_fork);
		exit();
	}
	wait(child);
	cprintf("fork handles PTE_SHARE %s\n",
		strcmp(SHARED, from_fork) == 0 ? "right" : "wrong");

	if ((child = spawnl("/testpteshare", "testpteshare", "child", NULL)) < 0)
		panic("spawn: %e", child);
	wait(child);
	cprintf("spawn handles PTE_SHARE %s\n",
		strcmp(SHARED, from_spawn) == 0 ? "right" : "wrong");

	breakpoint();
}
