/*
 * forktree: a binary tree of envs made with fork.  Each env prints
 * "%04x: I am '%s'" with its id and its path from the root as a string of
 * 0s and 1s, and forks a '0' and a '1' child while its path is shorter than
 * DEPTH.  All 15 names from '' to '111' appear (in an order that depends on
 * scheduling), slots of exited envs are reused (ids 0000200x), and every
 * env exits gracefully.
 */
#include <inc/lib.h>

#define DEPTH 3

static void forktree(const char *name);

/* Fork a child named name + branch, unless name is a leaf's. */
static void
forkchild(const char *name, char branch)
{
	char child_name[DEPTH + 1];
	envid_t id;

	if (strlen(name) >= DEPTH)
		return;
	snprintf(child_name, sizeof child_name, "%s%c", name, branch);
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		forktree(child_name);
		exit();
	}
}

static void
forktree(const char *name)
{
	cprintf("%04x: I am '%s'\n", sys_getenvid(), name);
	forkchild(name, '0');
	forkchild(name, '1');
}

void
umain(int argc, char **argv)
{
	forktree("");
}
