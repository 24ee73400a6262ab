/*
 * testpiperace2: pipeisclosed must never report a live pipe closed,
 * however a dup or close of the same pipe interleaves with it.  The child
 * dups and closes the read end over and over, giving up the CPU in
 * between, while the parent, which holds the write end, keeps asking
 * whether the write end is gone.
 */
#include <inc/lib.h>

#define CHILD_ROUNDS	200

void
umain(int argc, char **argv)
{
	const volatile struct Env *kid;
	envid_t child;
	int p[2], i, r;

	cprintf("testing for pipeisclosed race...\n");
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[1]);
		for (i = 0; i < CHILD_ROUNDS; i++) {
			if (i % 10 == 0)
				cprintf("%d.", i);
			dup(p[0], 10);
			sys_yield();
			close(10);
			sys_yield();
		}
		exit();
	}

	kid = &envs[ENVX(child)];
	while (kid->env_id == child && (kid->env_status == ENV_RUNNABLE ||
					kid->env_status == ENV_RUNNING)) {
		if (pipeisclosed(p[0]) != 0) {
			cprintf("\nRACE: pipe appears closed\n");
			sys_env_destroy(child);
			exit();
		}
	}
	cprintf("child done with loop\n");
	if (pipeisclosed(p[0]))
		panic("somehow the other end of p[0] got closed!");
	cprintf("race didn't happen\n");
}
