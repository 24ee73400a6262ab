/*
 * breakfork: a program to look at from the kernel monitor.  It forks a
 * child that waits for a message, waits until the child is blocked, then
 * calls down a short chain of functions to a breakpoint followed by two
 * one-byte nops.  At the monitor: `backtrace` shows stop_here, descend
 * (three times), umain, libmain and _start; `envs` shows the parent
 * running and the child not runnable; `showmappings` shows the page of
 * `shared` copy-on-write in the parent; each `si` advances eip by one
 * byte.  After `continue` the parent prints "breakfork: resumed", frees
 * the child and both exit.
 */
#include <inc/lib.h>

/* Written only before the fork, so both envs keep the page copy-on-write
 * until one of them writes it. */
int shared = 1;

/* The breakpoint, in a function of its own.  Both functions are global
 * so that they take their arguments on the stack, where the backtrace's
 * args column shows them. */
void __attribute__((noinline))
stop_here(int depth)
{
	asm volatile("int3\n\tnop\n\tnop" : : "r" (depth));
}

void __attribute__((noinline))
descend(int depth)
{
	if (depth > 0)
		descend(depth - 1);
	else
		stop_here(depth);
	/* A call in tail position could become a jump and lose a frame. */
	asm volatile("");
}

void
umain(int argc, char **argv)
{
	envid_t child;

	shared = 2;
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		return;
	}
	while (envs[ENVX(child)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	descend(2);
	cprintf("breakfork: resumed, shared = %d\n", shared);
	ipc_send(child, 0, NULL, 0);
}
