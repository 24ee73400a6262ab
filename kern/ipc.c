/*
 * Our part of inter-process communication: the blocking send.  The lab's
 * calls, sys_ipc_try_send and sys_ipc_recv, are in kern/syscall.c: a
 * try_send fails with -E_IPC_NOT_RECV unless the receiver is blocked in
 * sys_ipc_recv, so senders spin.  Ours, sys_ipc_send (the library's
 * jos_sys_ipc_send), blocks instead: a sender that sys_ipc_try_send
 * refuses waits in the receiver's line of senders, and the receiver's
 * next sys_ipc_recv takes the first message waiting there without
 * blocking at all.
 */
#include <inc/error.h>
#include <inc/assert.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/ipc.h>
#include <kern/sched.h>
#include <kern/trace.h>

/*
 * What the kernel knows of a sender blocked in sys_ipc_send, and each
 * env's line of such senders, indexed like envs[].  Not in struct Env:
 * envs[] is mapped read-only into every env at UENVS, and a message
 * waiting in a line is no business of anyone but its receiver.  For the
 * same reason the sender's registers, which hold the message as system
 * call arguments, wait here too (regs) while its env_tf shows zeroes.
 */
struct IpcWait {
	bool sending;		/* blocked in sys_ipc_send... */
	envid_t to;		/* ...to this env, with this message: */
	uint32_t value;
	void *srcva;
	unsigned perm;
	struct PushRegs regs;	/* the sender's registers, hidden */
	struct Env *next;	/* next sender in the same line */
	struct Env *senders;	/* first sender waiting for this env */
};
static struct IpcWait ipc_wait[NENV];

static struct IpcWait *
waitof(struct Env *e)
{
	return &ipc_wait[e - envs];
}

/*
 * May the caller send to envid with srcva and perm by sys_ipc_send?
 * srcva >= UTOP means no page; otherwise it must be aligned and perm
 * valid as for sys_page_map.  Sending to oneself could never complete.
 * Returns 0 with the receiver in *to, or -E_INVAL or -E_BAD_ENV.
 */
int
ipc_send_check(envid_t envid, void *srcva, unsigned perm, struct Env **to)
{
	int r;

	if ((uintptr_t) srcva < UTOP &&
	    ((uintptr_t) srcva % PGSIZE || !user_perm_ok(perm)))
		return -E_INVAL;
	if ((r = envid2env(envid, to, false)) < 0)
		return r;
	return *to == curenv ? -E_INVAL : 0;
}

/*
 * Give from's message to to, which takes it with dstva: map from's page
 * at srcva there if both sides want a page, then record the message in
 * to.  A page offered must be there and shareable with perm
 * (user_page_to_share), even if to takes none.  Returns 0, -E_INVAL or
 * -E_NO_MEM; on error to is unchanged.  Does not wake anyone.
 */
static int
deliver(struct Env *from, struct Env *to, uint32_t value, void *srcva,
	unsigned perm, void *dstva)
{
	bool page_sent = (uintptr_t) srcva < UTOP && (uintptr_t) dstva < UTOP;

	if ((uintptr_t) srcva < UTOP) {
		struct PageInfo *pp = user_page_to_share(from, srcva, perm, NULL);
		int r;

		if (!pp)
			return -E_INVAL;
		if (page_sent &&
		    (r = page_insert(to->env_pgdir, pp, dstva, perm)) < 0)
			return r;
	}
	to->env_ipc_perm = page_sent ? perm : 0;
	to->env_ipc_from = from->env_id;
	to->env_ipc_value = value;
	trace_ipc(from, to);
	return 0;
}

/* Make e, blocked in an IPC call, runnable with result r. */
static void
wake(struct Env *e, int r)
{
	e->env_tf.tf_regs.reg_eax = r;
	e->env_status = ENV_RUNNABLE;
}

/*
 * Block the caller in to's line of senders with this message (checked
 * by ipc_send_check), until to's sys_ipc_recv takes it: the rest of
 * sys_ipc_send once sys_ipc_try_send has refused.  Never returns.
 */
void
ipc_wait_to_send(struct Env *to, uint32_t value, void *srcva, unsigned perm)
{
	struct IpcWait *w = waitof(curenv);
	struct Env **tail;

	w->sending = true;
	w->to = to->env_id;
	w->value = value;
	w->srcva = srcva;
	w->perm = perm;
	w->regs = curenv->env_tf.tf_regs;
	curenv->env_tf.tf_regs = (struct PushRegs) {
		.reg_eax = curenv->env_tf.tf_regs.reg_eax,
		.reg_ebp = curenv->env_tf.tf_regs.reg_ebp,
	};
	w->next = NULL;
	for (tail = &waitof(to)->senders; *tail; tail = &waitof(*tail)->next)
		;
	*tail = curenv;
	curenv->env_status = ENV_NOT_RUNNABLE;
	sched_yield();
}

/* Take s out of the line of the env it is sending to, and give it back
 * its registers. */
static void
dequeue_sender(struct Env *s)
{
	struct IpcWait *w = waitof(s);
	struct Env **p;

	for (p = &waitof(&envs[ENVX(w->to)])->senders; *p;
	     p = &waitof(*p)->next)
		if (*p == s) {
			*p = w->next;
			break;
		}
	w->next = NULL;
	w->sending = false;
	s->env_tf.tf_regs = w->regs;
}

/*
 * The part of sys_ipc_recv that never blocks: take the message of the
 * first sender waiting in the caller's line (a sender whose page is gone
 * gets its error and the next one is tried), for a dstva as the lab's
 * sys_ipc_recv takes.  Returns true with the call's result (0) in
 * *result, or false if no message could be taken (or dstva is bad): the
 * lab's sys_ipc_recv must run, and nothing else changed.
 */
bool
ipc_take_waiting_message(void *dstva, int *result)
{
	struct Env *s;

	if ((uintptr_t) dstva < UTOP && (uintptr_t) dstva % PGSIZE)
		return false;
	while ((s = waitof(curenv)->senders)) {
		struct IpcWait *w = waitof(s);
		int r;

		dequeue_sender(s);
		r = deliver(s, curenv, w->value, w->srcva, w->perm, dstva);
		wake(s, r);
		if (r == 0) {
			*result = 0;
			return true;
		}
	}
	return false;
}

/* e is being made runnable by force (sys_env_set_status): abandon any
 * IPC call it is blocked in, which then returns result. */
void
ipc_cancel(struct Env *e, int result)
{
	if (waitof(e)->sending) {
		dequeue_sender(e);
		e->env_tf.tf_regs.reg_eax = result;
	}
	if (e->env_ipc_recving) {
		e->env_ipc_recving = false;
		e->env_tf.tf_regs.reg_eax = result;
	}
}

/* e is being freed: leave the line it waits in, and fail the senders
 * waiting for it.  Leaves the slot's wait state empty for its next env. */
void
ipc_env_gone(struct Env *e)
{
	struct Env *s;

	if (waitof(e)->sending)
		dequeue_sender(e);
	while ((s = waitof(e)->senders)) {
		dequeue_sender(s);
		wake(s, -E_BAD_ENV);
	}
}
