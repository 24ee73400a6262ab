/*
 * sforktest: sfork shares memory but not the stack.  The child writes a
 * global and a stack variable, then exits; the parent must see the new
 * global and the old stack variable.  Both check that thisenv names
 * themselves.  Output: lines ending in "OK" (or "FAILED").
 */
#include <inc/lib.h>

static volatile int shared_global;

static void
report(const char *who, const char *what, bool ok)
{
	cprintf("%s: %s: %s\n", who, what, ok ? "OK" : "FAILED");
}

void
umain(int argc, char **argv)
{
	volatile int on_stack = 1;
	const volatile struct Env *e;
	envid_t id;

	if ((id = sfork()) < 0)
		panic("sfork: %e", id);

	if (id == 0) {
		report("child", "thisenv is the child",
		       thisenv->env_id == sys_getenvid());
		on_stack = 2;
		shared_global = 2;
		return;
	}

	report("parent", "thisenv is the parent",
	       thisenv->env_id == sys_getenvid());
	e = &envs[ENVX(id)];
	while (e->env_id == id && e->env_status != ENV_FREE)
		sys_yield();
	report("parent", "the child's write to a global is shared",
	       shared_global == 2);
	report("parent", "the child's write to its stack is private",
	       on_stack == 1);
}
