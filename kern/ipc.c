/*
 * Our part of inter-process communication: each receiver's line of
 * senders, which makes sends fair and lets a sender block.  The lab's
 * calls, sys_ipc_try_send and sys_ipc_recv, are in kern/syscall.c: a
 * try_send fails with -E_IPC_NOT_RECV unless the receiver is blocked in
 * sys_ipc_recv, so classic senders retry.  Ours, sys_ipc_send (the
 * library's jos_sys_ipc_send), blocks instead.
 *
 * Both kinds of sender stand in the receiver's line, in the order they
 * were first refused: one blocked in sys_ipc_send with its message, or
 * one that sys_ipc_try_send refused and that is retrying.  A receiver's
 * sys_ipc_recv serves its line first: it takes a blocked sender's
 * message at once, without blocking; at a retrying sender it blocks
 * held for that sender, refusing every other sender until that one has
 * retried or had its chance (RETRY_CHANCES runs on a CPU).  So a
 * receiver kept busy by blocking senders still serves the retrying ones
 * in their turn, and no sender waits for more than a line's length of
 * messages.
 */
#include <inc/error.h>
#include <inc/assert.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/ipc.h>
#include <kern/sched.h>
#include <kern/trace.h>

/* Runs on a CPU a held-for sender gets to retry in.  A run can end with
 * a timer tick before the retry, all the more when the host that runs
 * the emulator is busy and a tick falls due as soon as a virtual CPU
 * runs again: with 2, ipcfair on 4 CPUs under load saw its polling
 * clients make 90-139 requests against the blocking one's 200; with 4,
 * 195-213. */
#define RETRY_CHANCES	4

/* Where an env stands as a sender. */
enum SendState {
	SEND_NONE,	/* in no line */
	SEND_BLOCKED,	/* in sys_ipc_send, its message here */
	SEND_REFUSED,	/* refused by sys_ipc_try_send, retrying */
	SEND_HELD,	/* out of the line: its receiver waits for its retry */
};

/*
 * Each env's place in a line and its own line, indexed like envs[].  Not
 * in struct Env: envs[] is mapped read-only into every env at UENVS, and
 * a message waiting in a line is no business of anyone but its receiver.
 * For the same reason a blocked sender's registers, which hold the
 * message as system call arguments, wait here too (regs) while its
 * env_tf shows zeroes.
 */
struct IpcWait {
	enum SendState state;	/* as a sender... */
	envid_t to;		/* ...to this env (not SEND_NONE) */
	uint32_t value;		/* SEND_BLOCKED: the message */
	void *srcva;
	unsigned perm;
	struct PushRegs regs;	/* SEND_BLOCKED: its registers, hidden */
	int chances;		/* SEND_HELD: runs left to retry in */
	struct Env *next;	/* next sender in the same line */
	struct Env *senders;	/* as a receiver: the first in its line */
	struct Env *held_for;	/* as a receiver: waiting for its retry */
};
static struct IpcWait ipc_wait[NENV];

static struct IpcWait *
waitof(struct Env *e)
{
	return &ipc_wait[e - envs];
}

/* The env s is sending to (s is not SEND_NONE). */
static struct Env *
receiver_of(struct Env *s)
{
	return &envs[ENVX(waitof(s)->to)];
}

/* May s still retry a refused send: is it running or runnable? */
static bool
may_retry(struct Env *s)
{
	return s->env_status == ENV_RUNNABLE || s->env_status == ENV_RUNNING;
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

/* Put s, in no line, at the end of to's line, in state. */
static void
line_append(struct Env *to, struct Env *s, enum SendState state)
{
	struct IpcWait *w = waitof(s);
	struct Env **tail;

	assert(w->state == SEND_NONE);
	w->state = state;
	w->to = to->env_id;
	w->next = NULL;
	for (tail = &waitof(to)->senders; *tail; tail = &waitof(*tail)->next)
		;
	*tail = s;
}

/* Take s out of its line; a blocked sender gets its registers back. */
static void
line_remove(struct Env *s)
{
	struct IpcWait *w = waitof(s);
	struct Env **p;

	assert(w->state == SEND_BLOCKED || w->state == SEND_REFUSED);
	for (p = &waitof(receiver_of(s))->senders; *p; p = &waitof(*p)->next)
		if (*p == s) {
			*p = w->next;
			break;
		}
	if (w->state == SEND_BLOCKED)
		s->env_tf.tf_regs = w->regs;
	w->next = NULL;
	w->state = SEND_NONE;
}

/* Receiver r stops waiting for a sender's retry. */
static void
unhold(struct Env *r)
{
	struct Env *s = waitof(r)->held_for;

	waitof(s)->state = SEND_NONE;
	waitof(r)->held_for = NULL;
}

/*
 * Serve receiver r, about to take a message at dstva, from its line: a
 * blocked sender's message is delivered (the sender woken with the
 * result: one whose page is gone gets its error, and the next in line is
 * served); at a refused sender that may still retry, r is held for it.
 * Senders that may not retry any more leave the line.  Returns true if a
 * message was delivered; otherwise the line is empty or r is held.
 */
static bool
serve_line(struct Env *r, void *dstva)
{
	struct Env *s;

	while ((s = waitof(r)->senders)) {
		struct IpcWait *w = waitof(s);
		enum SendState state = w->state;
		int res;

		line_remove(s);
		if (state == SEND_REFUSED) {
			if (!may_retry(s))
				continue;
			w->state = SEND_HELD;
			w->to = r->env_id;
			w->chances = RETRY_CHANCES;
			waitof(r)->held_for = s;
			return false;
		}
		res = deliver(s, r, w->value, w->srcva, w->perm, dstva);
		wake(s, res);
		if (res == 0)
			return true;
	}
	return false;
}

/* r, blocked in sys_ipc_recv, has stopped waiting for a sender: serve it
 * from its line, waking it if a message came. */
static void
serve_blocked_receiver(struct Env *r)
{
	if (r->env_ipc_recving && serve_line(r, r->env_ipc_dstva)) {
		r->env_ipc_recving = false;
		wake(r, 0);
	}
}

/* s gives up its place as a sender, whatever it was: out of its line,
 * or no longer waited for (its receiver is served from its line). */
static void
stop_waiting(struct Env *s)
{
	struct Env *r;

	switch (waitof(s)->state) {
	case SEND_NONE:
		return;
	case SEND_HELD:
		r = receiver_of(s);
		unhold(r);
		serve_blocked_receiver(r);
		return;
	default:
		line_remove(s);
	}
}

/* May the caller try to send to envid now?  Not while envid is held for
 * another sender's retry (it gets -E_IPC_NOT_RECV, as if envid were not
 * receiving). */
bool
ipc_turn_to_send(envid_t envid)
{
	struct Env *to;

	if (envid2env(envid, &to, false) < 0)
		return true;
	return !waitof(to)->held_for || waitof(to)->held_for == curenv;
}

/*
 * The caller's send to envid (sys_ipc_try_send in its turn) returned r.
 * Refused (-E_IPC_NOT_RECV), it stands at the end of envid's line, or
 * keeps its place there; delivered or failed, it leaves any line.
 */
void
ipc_send_tried(envid_t envid, int r)
{
	struct IpcWait *w = waitof(curenv);
	struct Env *to;

	if (r == -E_IPC_NOT_RECV && envid2env(envid, &to, false) == 0) {
		if (w->state == SEND_REFUSED && w->to == to->env_id)
			return;
		stop_waiting(curenv);
		if (to != curenv)
			line_append(to, curenv, SEND_REFUSED);
		return;
	}
	stop_waiting(curenv);
}

/*
 * Block the caller in to's line with this message (checked by
 * ipc_send_check), until to's sys_ipc_recv takes it: the rest of
 * sys_ipc_send once sys_ipc_try_send has refused (and ipc_send_tried has
 * put the caller in to's line).  Never returns.
 */
void
ipc_wait_to_send(struct Env *to, uint32_t value, void *srcva, unsigned perm)
{
	struct IpcWait *w = waitof(curenv);

	if (w->state != SEND_REFUSED || w->to != to->env_id) {
		stop_waiting(curenv);
		line_append(to, curenv, SEND_REFUSED);
	}
	w->state = SEND_BLOCKED;
	w->value = value;
	w->srcva = srcva;
	w->perm = perm;
	w->regs = curenv->env_tf.tf_regs;
	curenv->env_tf.tf_regs = (struct PushRegs) {
		.reg_eax = curenv->env_tf.tf_regs.reg_eax,
		.reg_ebp = curenv->env_tf.tf_regs.reg_ebp,
	};
	curenv->env_status = ENV_NOT_RUNNABLE;
	sched_yield();
}

/*
 * The part of sys_ipc_recv that never blocks, run before the lab's: the
 * caller stops retrying any send, and is served from its line (see
 * serve_line) for a dstva as the lab's sys_ipc_recv takes.  Returns true
 * with the call's result (0) in *result if a message was taken, or false
 * (dstva bad, the line empty, or the caller held for a sender's retry):
 * the lab's sys_ipc_recv must run.
 */
bool
ipc_take_waiting_message(void *dstva, int *result)
{
	stop_waiting(curenv);
	if ((uintptr_t) dstva < UTOP && (uintptr_t) dstva % PGSIZE)
		return false;
	if (waitof(curenv)->held_for || !serve_line(curenv, dstva))
		return false;
	*result = 0;
	return true;
}

/* The lab's sys_ipc_recv returned (an error) instead of blocking: the
 * caller waits for no sender's retry. */
void
ipc_recv_returned(void)
{
	if (waitof(curenv)->held_for)
		unhold(curenv);
}

/* e is about to run on a CPU: one of its chances to retry, if its
 * receiver waits for that; after the last, it loses its place. */
void
ipc_env_runs(struct Env *e)
{
	struct IpcWait *w = waitof(e);

	if (w->state == SEND_HELD && --w->chances == 0)
		stop_waiting(e);
}

/* envid's status was set (sys_env_set_status): stopped, it cannot retry
 * a send, and loses its place. */
void
ipc_status_set(envid_t envid)
{
	struct Env *e;

	if (envid2env(envid, &e, false) < 0)
		return;
	if ((waitof(e)->state == SEND_REFUSED ||
	     waitof(e)->state == SEND_HELD) && !may_retry(e))
		stop_waiting(e);
}

/* e is being made runnable by force (sys_env_set_status): abandon any
 * IPC call it is blocked in, which then returns result. */
void
ipc_cancel(struct Env *e, int result)
{
	if (waitof(e)->state == SEND_BLOCKED) {
		line_remove(e);
		e->env_tf.tf_regs.reg_eax = result;
	}
	if (e->env_ipc_recving) {
		if (waitof(e)->held_for)
			unhold(e);
		e->env_ipc_recving = false;
		e->env_tf.tf_regs.reg_eax = result;
	}
}

/* e is being freed: it leaves the line it is in, senders in its own line
 * leave it (blocked ones fail with -E_BAD_ENV), and its slot's wait state
 * is empty for its next env. */
void
ipc_env_gone(struct Env *e)
{
	struct Env *s;

	stop_waiting(e);
	if (waitof(e)->held_for)
		unhold(e);
	while ((s = waitof(e)->senders)) {
		bool blocked = waitof(s)->state == SEND_BLOCKED;

		line_remove(s);
		if (blocked)
			wake(s, -E_BAD_ENV);
	}
}
