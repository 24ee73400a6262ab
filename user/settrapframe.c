/*
 * settrapframe: sys_env_set_trapframe's checks.  A frame asking for
 * kernel mode, I/O privilege, virtual-8086 mode and interrupts off must
 * still run the env in user mode with IOPL 0 and interrupts on; only the
 * caller's children (and itself) may be set; a bad frame pointer kills
 * the caller.
 */
#include <inc/x86.h>
#include <inc/lib.h>

/* Where the reset child resumes: report what it runs with. */
static void
report_mode(void)
{
	uint32_t eflags = read_eflags();
	uint16_t cs;

	asm volatile("movw %%cs, %0" : "=r" (cs));
	cprintf("settrapframe: cs %s, IOPL %d, interrupts %s, vm86 %s\n",
		(cs & 3) == 3 ? "user" : "kernel", (eflags & FL_IOPL_MASK) >> 12,
		(eflags & FL_IF) ? "on" : "off", (eflags & FL_VM) ? "on" : "off");
	exit();
}

/* Fork a child that waits in ipc_recv, and move it to report_mode with
 * a frame asking for every privilege. */
static void
reset_child(void)
{
	struct Trapframe tf;
	envid_t child;
	int r;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		panic("the child was not moved");
	}
	while (envs[ENVX(child)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	tf = envs[ENVX(child)].env_tf;
	tf.tf_eip = (uintptr_t) report_mode;
	tf.tf_cs = GD_KT;
	tf.tf_ds = tf.tf_es = tf.tf_ss = GD_KD;
	tf.tf_eflags = (tf.tf_eflags | FL_IOPL_3 | FL_VM) & ~FL_IF;
	if ((r = sys_env_set_trapframe(child, &tf)) < 0)
		panic("sys_env_set_trapframe: %e", r);
	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("sys_env_set_status: %e", r);
	wait(child);
}

/* A child may not set its parent's frame, and dies for a bad pointer. */
static void
bad_calls(void)
{
	struct Trapframe tf;
	envid_t parent = thisenv->env_id, child;
	int r;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		tf = envs[ENVX(parent)].env_tf;
		r = sys_env_set_trapframe(parent, &tf);
		cprintf("settrapframe: parent's frame: %e\n", r);
		sys_env_set_trapframe(0, (struct Trapframe *) 0xdeadb000);
		panic("survived a bad frame pointer");
	}
	wait(child);
}

void
umain(int argc, char **argv)
{
	reset_child();
	bad_calls();
}
