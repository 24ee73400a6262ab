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
 * message in to.  Returns 0, -E_INVAL (nothing mapped at srcva, or a
 * writable mapping of a read-only page) or -E_NO_MEM; on error nothing
 * changed.  Does not wake anyone.
 */
static int
deliver(struct Env *from, struct Env *to, uint32_t value, void *srcva,
	unsigned perm, void *dstva)
{
	to->env_ipc_perm = 0;
	if ((uintptr_t) srcva < UTOP) {
		pte_t *pte;
		struct PageInfo *pp = page_lookup(from->env_pgdir, srcva, &pte);
		int r;

		if (!pp || ((perm & PTE_W) && !(*pte & PTE_W)))
			return -E_INVAL;
		if ((uintptr_t) dstva < UTOP) {
			if ((r = page_insert(to->env_pgdir, pp, dstva, perm)) < 0)
				return r;
			to->env_ipc_perm = perm;
		}
	}
	to->env_ipc_from = from->env_id;
	to->env_ipc_value = value;
	return 0;
}

/* Make e, blocked in an IPC call, runnable with result r. */
static void
wake(struct Env *e, int r)
{
	e->env_tf.tf_regs.reg_eax = r;
	sched_set_status(e, ENV_RUNNABLE);
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

	curenv->env_ipc_sending = true;
	curenv->env_ipc_send_to = to->env_id;
	curenv->env_ipc_send_value = value;
	curenv->env_ipc_send_srcva = srcva;
	curenv->env_ipc_send_perm = perm;
	curenv->env_ipc_next = NULL;
	for (tail = &to->env_ipc_senders; *tail; tail = &(*tail)->env_ipc_next)
		;
	*tail = curenv;
	sched_set_status(curenv, ENV_NOT_RUNNABLE);
	sched_yield();
}

/* Take s off the queue of the env it is sending to. */
static void
dequeue_sender(struct Env *s)
{
	struct Env *to = &envs[ENVX(s->env_ipc_send_to)];
	struct Env **p;

	for (p = &to->env_ipc_senders; *p; p = &(*p)->env_ipc_next)
		if (*p == s) {
			*p = s->env_ipc_next;
			break;
		}
	s->env_ipc_next = NULL;
	s->env_ipc_sending = false;
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
	while ((s = curenv->env_ipc_senders)) {
		int r;

		dequeue_sender(s);
		r = deliver(s, curenv, s->env_ipc_send_value,
			    s->env_ipc_send_srcva, s->env_ipc_send_perm, dstva);
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
	sched_set_status(curenv, ENV_NOT_RUNNABLE);
	sched_yield();
}

/* e is being made runnable by force (sys_env_set_status): abandon any
 * IPC call it is blocked in, which then returns result. */
void
ipc_cancel(struct Env *e, int result)
{
	if (e->env_ipc_sending) {
		dequeue_sender(e);
		e->env_tf.tf_regs.reg_eax = result;
	}
	if (e->env_ipc_recving) {
		e->env_ipc_recving = false;
		e->env_tf.tf_regs.reg_eax = result;
	}
}

/* e is being freed: leave the queue it waits on, and fail the senders
 * waiting for it. */
void
ipc_env_gone(struct Env *e)
{
	struct Env *s;

	if (e->env_ipc_sending)
		dequeue_sender(e);
	while ((s = e->env_ipc_senders)) {
		dequeue_sender(s);
		wake(s, -E_BAD_ENV);
	}
}
