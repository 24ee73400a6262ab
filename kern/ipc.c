/*
 * Inter-process communication: a 32-bit value and optionally a page.
 *
 * The classic call, sys_ipc_try_send, fails with -E_IPC_NOT_RECV unless
 * the receiver is already blocked in sys_ipc_recv, so senders spin.  Ours,
 * sys_ipc_send, blocks instead: the sender waits on the receiver's queue
 * of senders, and sys_ipc_recv takes the first one waiting without
 * blocking at all.  When a send finds its receiver waiting, the sender
 * hands its CPU straight to the receiver.
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
 * env's queue of such senders, indexed like envs[].  Not in struct Env:
 * envs[] is mapped read-only into every env at UENVS, and a message
 * waiting in a queue is no business of anyone but its receiver.  For the
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
	struct Env *next;	/* next sender on the same queue */
	struct Env *senders;	/* first sender waiting for this env */
};
static struct IpcWait ipc_wait[NENV];

static struct IpcWait *
waitof(struct Env *e)
{
	return &ipc_wait[e - envs];
}

/* Are srcva and perm acceptable for a send?  srcva >= UTOP means no page;
 * otherwise it must be aligned and perm valid as for sys_page_map. */
static bool
send_args_ok(void *srcva, unsigned perm)
{
	if ((uintptr_t) srcva >= UTOP)
		return true;
	return (uintptr_t) srcva % PGSIZE == 0 && user_perm_ok(perm);
}

/*
 * Give the message to the receiver to, which is waiting with dstva: map
 * from's page at srcva there if both sides want a page, then record the
 * message in to.  A page offered must be there and shareable with perm
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

/* Deliver to envid if it is blocked receiving; wake it.  Returns the
 * receiver, or NULL and the error in *err. */
static struct Env *
send_now(envid_t envid, uint32_t value, void *srcva, unsigned perm, int *err)
{
	struct Env *to;

	if (!send_args_ok(srcva, perm))
		*err = -E_INVAL;
	else if ((*err = envid2env(envid, &to, false)) < 0)
		;
	else if (!to->env_ipc_recving)
		*err = -E_IPC_NOT_RECV;
	else if ((*err = deliver(curenv, to, value, srcva, perm,
				 to->env_ipc_dstva)) < 0)
		;
	else {
		to->env_ipc_recving = false;
		wake(to, 0);
		return to;
	}
	return NULL;
}

/* sys_ipc_try_send: deliver only if the receiver is waiting now. */
int
ipc_try_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	int r;

	send_now(envid, value, srcva, perm, &r);
	return r;
}

/*
 * sys_ipc_send: deliver to envid, waiting for it to receive if need be.
 * Returns 0 or an error as for sys_ipc_try_send (never -E_IPC_NOT_RECV;
 * -E_INVAL for sending to oneself, which could never complete).  Does not
 * return when the message is delivered or the caller blocks.
 */
int
ipc_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	struct Env *to, **tail;
	struct IpcWait *w = waitof(curenv);
	int r;

	if ((to = send_now(envid, value, srcva, perm, &r))) {
		/* The receiver was waiting: run it here and now. */
		curenv->env_tf.tf_regs.reg_eax = 0;
		env_run(to);
	}
	if (r != -E_IPC_NOT_RECV)
		return r;
	envid2env(envid, &to, false);
	if (to == curenv)
		return -E_INVAL;

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

/* Take s off the queue of the env it is sending to, and give it back
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
 * first sender waiting (a sender whose page is gone gets its error and
 * the next one is tried).  dstva < UTOP (page-aligned) offers to take a
 * page there.  Returns true with the call's result in *result (0, or
 * -E_INVAL for a bad dstva), or false if no message could be taken: the
 * call must block, and nothing else changed.
 */
bool
ipc_recv_nowait(void *dstva, int *result)
{
	struct Env *s;

	if ((uintptr_t) dstva < UTOP && (uintptr_t) dstva % PGSIZE) {
		*result = -E_INVAL;
		return true;
	}
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

/*
 * sys_ipc_recv: take a waiting sender's message at once, or block until a
 * message arrives (see ipc_recv_nowait).  Returns 0 or -E_INVAL; does
 * not return when it blocks.
 */
int
ipc_recv(void *dstva)
{
	int r;

	if (ipc_recv_nowait(dstva, &r))
		return r;
	curenv->env_ipc_recving = true;
	curenv->env_ipc_dstva = dstva;
	curenv->env_status = ENV_NOT_RUNNABLE;
	sched_yield();
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

/* e is being freed: leave the queue it waits on, and fail the senders
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
