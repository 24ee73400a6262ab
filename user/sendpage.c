/*
 * sendpage: a page passed by IPC in each direction.  The parent writes a
 * message into a page, sends the page to its child, and receives the page
 * back with the child's answer written into it.  Each side prints "%x got
 * message: %s" with the sender's id, then "child received correct message"
 * or "parent received correct message".
 */
#include <inc/lib.h>

/* Where the parent and the child keep the page (different on purpose). */
#define PARENT_VA	((char *) 0xa00000)
#define CHILD_VA	((char *) 0xb00000)

static const char to_child[] = "hello child environment! how are you?";
static const char to_parent[] = "hello parent environment! I'm good.";

void
umain(int argc, char **argv)
{
	envid_t who;
	int r;

	if ((who = fork()) < 0)
		panic("fork: %e", who);

	if (who == 0) {
		ipc_recv(&who, CHILD_VA, 0);
		cprintf("%x got message: %s\n", who, CHILD_VA);
		if (strncmp(CHILD_VA, to_child, sizeof to_child) == 0)
			cprintf("child received correct message\n");
		memcpy(CHILD_VA, to_parent, sizeof to_parent);
		ipc_send(who, 0, CHILD_VA, PTE_P | PTE_U | PTE_W);
		return;
	}

	if ((r = sys_page_alloc(0, PARENT_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	memcpy(PARENT_VA, to_child, sizeof to_child);
	ipc_send(who, 0, PARENT_VA, PTE_P | PTE_U | PTE_W);

	ipc_recv(&who, PARENT_VA, 0);
	cprintf("%x got message: %s\n", who, PARENT_VA);
	if (strncmp(PARENT_VA, to_parent, sizeof to_parent) == 0)
		cprintf("parent received correct message\n");
}
