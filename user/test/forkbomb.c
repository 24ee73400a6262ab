/*
 * forkbomb: every env forks until fork fails, and its children do the
 * same, so the envs multiply on every CPU until the kernel runs out of
 * env slots (-E_NO_FREE_ENV) or of memory (-E_NO_MEM).  Any other error
 * is a failure.  Each env then blocks in ipc_recv.  Once nothing is left
 * running, the first env tells its children to finish; each tells its
 * own children, then exits.  The kernel must survive all of it, and
 * (the grader checks) end with every page back.
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

#define FINISH	0xf1

/* This env's children, in order. */
static envid_t children[NENV];
static int nchildren;

/* Fork until fork fails, and return its error, in every env: a child
 * carries on with the loop, with no children of its own yet. */
static int
multiply(void)
{
	envid_t id;

	for (;;) {
		if ((id = fork()) < 0)
			return id;
		if (id == 0)
			nchildren = 0;
		else
			children[nchildren++] = id;
	}
}

/* Is every env but us blocked receiving? */
static bool
all_waiting(void)
{
	int i;

	for (i = 0; i < NENV; i++) {
		const volatile struct Env *e = &envs[i];

		if (e->env_status != ENV_FREE && e->env_id != thisenv->env_id &&
		    !(e->env_status == ENV_NOT_RUNNABLE && e->env_ipc_recving))
			return false;
	}
	return true;
}

static int
count_envs(void)
{
	int i, n = 0;

	for (i = 0; i < NENV; i++)
		n += envs[i].env_status != ENV_FREE;
	return n;
}

static void
finish_children(void)
{
	int i;

	for (i = 0; i < nchildren; i++)
		ipc_send(children[i], FINISH, 0, 0);
}

void
umain(int argc, char **argv)
{
	envid_t first = thisenv->env_id;
	int r = multiply();

	if (r != -E_NO_FREE_ENV && r != -E_NO_MEM)
		cprintf("FAIL env %08x: fork: %e\n", thisenv->env_id, r);
	if (thisenv->env_id != first) {
		while (ipc_recv(NULL, NULL, NULL) != FINISH)
			;
		finish_children();
		return;
	}

	while (!all_waiting())
		sys_yield();
	cprintf("forkbomb: %d envs at the peak; fork said: %e\n",
		count_envs(), r);
	finish_children();
	while (count_envs() > 1)
		sys_yield();
	cprintf("forkbomb: every other env is gone\n");
}
