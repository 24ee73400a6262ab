/*
 * testpiperace: dup must never make a pipe look closed.  The parent dups
 * the read end over fd 10 again and again (each dup closes the previous
 * fd 10 first) while the child, which holds the read end only, keeps
 * asking whether the write end, which the parent holds, is gone.
 */
#include <inc/lib.h>

#define CHILD_CHECKS	200

/* Is kid still going (runnable, or running on another CPU)? */
static bool
alive_and_running(const volatile struct Env *kid, envid_t id)
{
	return kid->env_id == id && (kid->env_status == ENV_RUNNABLE ||
				     kid->env_status == ENV_RUNNING);
}

void
umain(int argc, char **argv)
{
	const volatile struct Env *kid;
	struct Fd *fd;
	envid_t child;
	int p[2], i, r;

	cprintf("testing for dup race...\n");
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[1]);
		for (i = 0; i < CHILD_CHECKS; i++) {
			if (pipeisclosed(p[0])) {
				cprintf("RACE: pipe appears closed\n");
				exit();
			}
			sys_yield();
		}
		/* Done: block, so that the parent sees it stop. */
		ipc_recv(NULL, NULL, NULL);
		exit();
	}

	cprintf("pid is %d\n", child);
	kid = &envs[ENVX(child)];
	cprintf("kid is %d\n", ENVX(child));
	do {
		if ((r = dup(p[0], 10)) < 0)
			panic("dup: %e", r);
	} while (alive_and_running(kid, child));
	cprintf("child done with loop\n");

	if (pipeisclosed(p[0]))
		panic("somehow the other end of p[0] got closed!");
	if ((r = fd_lookup(p[0], &fd)) < 0)
		panic("cannot look up p[0]: %e", r);
	/* Our p[0], p[1] and fd 10, and the child's p[0]. */
	if (pageref(fd2data(fd)) != 4)
		cprintf("\nchild detected race\n");
	else
		cprintf("\nrace didn't happen\n");
	sys_env_destroy(child);
}
