/* System calls: argument checks and the calls themselves. */
#include <inc/x86.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/syscall.h>
#include <kern/console.h>
#include <kern/sched.h>
#include <kern/ipc.h>
#include <kern/pagecopy.h>
#include <kern/time.h>
#include <kern/e1000.h>
#include <kern/trace.h>

/* Is va a page-aligned address below UTOP? */
static bool
user_page_va(uintptr_t va)
{
	return va < UTOP && va % PGSIZE == 0;
}


/* Print len bytes at s; an env passing a bad buffer is destroyed. */
static void
sys_cputs(const char *s, size_t len)
{
	/* LAB 3: check that the env may read the whole buffer, then
	 * print it. */
	size_t done, n;

	user_mem_assert(curenv, s, len, 0);
	/* In pieces: a length of 2 GB or more would be a negative printf
	 * precision, which prints up to a NUL, past the checked range. */
	for (done = 0; done < len; done += n) {
		n = MIN(len - done, (size_t) 0x10000);
		cprintf("%.*s", (int) n, s + done);
	}
	/* END LAB 3 */
}

/* A console input character, or 0 if none is waiting. */
static int
sys_cgetc(void)
{
	return cons_getc();
}

static envid_t
sys_getenvid(void)
{
	return curenv->env_id;
}

/* Destroy the caller or one of its children.  Returns 0 or -E_BAD_ENV;
 * destroying the caller does not return. */
static int
sys_env_destroy(envid_t envid)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (e == curenv)
		cprintf("[%08x] exiting gracefully\n", curenv->env_id);
	else
		cprintf("[%08x] destroying %08x\n", curenv->env_id, e->env_id);
	env_destroy(e);
	return 0;
}

static void __attribute__((noreturn))
sys_yield(void)
{
	sched_yield();
}

/* Make a child with the caller's registers and an empty address space,
 * not yet runnable.  Returns its id (0 in the child) or an error. */
static envid_t
sys_exofork(void)
{
	/* LAB 4: make a child env that is not yet runnable, with the
	 * caller's registers, returning 0 in the child. */
	struct Env *e;
	int r;

	if ((r = env_alloc(&e, curenv->env_id)) < 0)
		return r;
	e->env_status = ENV_NOT_RUNNABLE;
	env_copy_registers(e, curenv);
	e->env_tf.tf_regs.reg_eax = 0;
	return e->env_id;
	/* END LAB 4 */
}

/*
 * Set a child's (or own) status to ENV_RUNNABLE or ENV_NOT_RUNNABLE.
 * An env that is on a CPU stays ENV_RUNNING when asked to be runnable:
 * marking it runnable would let a second CPU run it too.  One asked to
 * stop is off every other CPU when this returns.  A dying env stays
 * dying, so that its CPU still frees it.
 */
static int
sys_env_set_status(envid_t envid, int status)
{
	/* LAB 4: set the status as the comment above says. */
	struct Env *e;
	int r;

	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
		return -E_INVAL;
	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (e->env_status == ENV_DYING)
		return 0;
	/* On a CPU now, whatever its status says: it goes on running, or
	 * stops; it must not become runnable elsewhere. */
	if (e == curenv || env_on_other_cpu(e)) {
		if (status == ENV_RUNNABLE)
			e->env_status = ENV_RUNNING;
		else
			env_stop(e, ENV_NOT_RUNNABLE);
		return 0;
	}
	e->env_status = status;
	return 0;
	/* END LAB 4 */
}

/*
 * Replace the saved registers of the caller or a child with *tf (a user
 * pointer; a bad one destroys the caller).  Whatever tf says, the env
 * resumes in user mode (user selectors, RPL 3) with interrupts on and
 * IOPL 0: spawn passes IOPL 3 on purpose, and a frame must not grant I/O
 * ports or virtual-8086 mode.  Returns 0 or -E_BAD_ENV.
 */
static int
sys_env_set_trapframe(envid_t envid, struct Trapframe *tf)
{
	/* LAB 5: check the env and the frame's memory, then install a
	 * copy of the frame that can only run in user mode, with IOPL 0
	 * and interrupts on, resumed by iret. */
	struct Env *e;
	struct Trapframe frame;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	user_mem_assert(curenv, tf, sizeof(*tf), 0);
	/* One copy, then the checks on it: the env may share the page
	 * with another on a different CPU. */
	frame = *tf;
	frame.tf_cs = GD_UT | 3;
	frame.tf_ds = GD_UD | 3;
	frame.tf_es = GD_UD | 3;
	frame.tf_ss = GD_UD | 3;
	frame.tf_eflags &= ~(FL_IOPL_MASK | FL_VM | FL_NT | FL_VIF | FL_VIP);
	frame.tf_eflags |= FL_IF;
	/* Resumed by iret, never by sysexit, which would restore only
	 * %eip and %esp. */
	frame.tf_trapno = T_SYSCALL;
	e->env_tf = frame;
	return 0;
	/* END LAB 5 */
}

/* Set the page fault entry point of the caller or a child.  The address
 * is checked when a fault uses it. */
static int
sys_env_set_pgfault_upcall(envid_t envid, void *func)
{
	/* LAB 4: record func as the env's page fault entry point. */
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	e->env_pgfault_upcall = func;
	return 0;
	/* END LAB 4 */
}

/* Map a fresh zeroed page at va in envid's address space, replacing any
 * page there.  Returns 0, -E_BAD_ENV, -E_INVAL or -E_NO_MEM. */
static int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	/* LAB 4: check the env, address and permissions, then map a
	 * zeroed page. */
	struct Env *e;
	struct PageInfo *pp;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (!user_page_va((uintptr_t) va) || !user_perm_ok(perm))
		return -E_INVAL;
	if (!(pp = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	if ((r = page_insert(e->env_pgdir, pp, va, perm)) < 0)
		page_free(pp);
	return r;
	/* END LAB 4 */
}

/*
 * Map the page at srcva in srcenvid at dstva in dstenvid with perm.
 * A read-only page cannot be mapped writable.  Returns 0, -E_BAD_ENV,
 * -E_INVAL (bad address or perm, nothing at srcva) or -E_NO_MEM.
 */
static int
sys_page_map(envid_t srcenvid, void *srcva, envid_t dstenvid, void *dstva,
	     int perm)
{
	/* LAB 4: check both envs, addresses and permissions (no
	 * writable mapping of a read-only page), then map the page. */
	struct Env *src, *dst;
	struct PageInfo *pp;
	int r;

	if ((r = envid2env(srcenvid, &src, 1)) < 0 ||
	    (r = envid2env(dstenvid, &dst, 1)) < 0)
		return r;
	if (!user_page_va((uintptr_t) srcva) ||
	    !user_page_va((uintptr_t) dstva) || !user_perm_ok(perm))
		return -E_INVAL;
	if (!(pp = user_page_to_share(src, srcva, perm, NULL)))
		return -E_INVAL;
	return page_insert(dst->env_pgdir, pp, dstva, perm);
	/* END LAB 4 */
}

/*
 * Give op's source mapping op's perm as well, once sys_page_map has mapped
 * that page with perm elsewhere (so perm is allowed for it): only the
 * entry's permission bits change.  Sets *stale_tlb when the source is the
 * caller, whose TLB sys_page_map_batch flushes once at the end; another
 * env's entry is invalidated here.  Returns 0, or -E_INVAL if the page is
 * not there after all (a sys_page_map that said 0 without mapping it).
 */
static int
set_source_perm(const struct PageMapOp *op, bool *stale_tlb)
{
	struct Env *src;
	pte_t *pte;

	if (envid2env(op->srcenv, &src, 1) < 0 ||
	    !page_lookup(src->env_pgdir, op->srcva, &pte))
		return -E_INVAL;
	*pte = PTE_ADDR(*pte) | op->perm | PTE_P;
	if (src == curenv)
		*stale_tlb = true;
	else
		tlb_invalidate(src->env_pgdir, op->srcva);
	return 0;
}

/*
 * Our extra (fork_batched, lib/forkbatch.c), not an exercise: n
 * sys_page_map operations in order, each done by the lab's sys_page_map.
 * Stops at the first that fails and returns its error (the ones before it
 * took effect); 0 when all did.  One kernel entry instead of n, and one
 * TLB flush for the caller's own entries instead of one per page.
 */
static int
sys_page_map_batch(const struct PageMapOp *ops, unsigned n)
{
	bool stale_tlb = false;
	unsigned i;
	int r = 0;

	if (n > PAGE_MAP_BATCH_MAX)
		return -E_INVAL;
	user_mem_assert(curenv, ops, n * sizeof(*ops), 0);
	for (i = 0; i < n && r == 0; i++) {
		/* Read each operation once: an env sharing this memory may
		 * be changing it on another CPU. */
		struct PageMapOp op = ops[i];

		r = sys_page_map(op.srcenv, op.srcva, op.dstenv, op.dstva,
				 op.perm);
		if (r == 0 && (op.flags & PAGE_MAP_SRC_TOO))
			r = set_source_perm(&op, &stale_tlb);
	}
	if (stale_tlb)
		tlbflush();
	return r;
}

/*
 * Our extra (fork_batched's fault handler), not an exercise: map at
 * dstva in envid a new page holding a copy of the page mapped at srcva
 * there; sys_page_alloc, but filled from srcva instead of with zeros.  A
 * copy-on-write fault needs just this one call.  Checked as
 * sys_page_alloc checks (and srcva as sys_page_map does); returns 0,
 * -E_BAD_ENV, -E_INVAL or -E_NO_MEM.
 */
static int
sys_page_copy(envid_t envid, void *srcva, void *dstva, int perm)
{
	struct Env *e;
	struct PageInfo *src, *pp;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (!user_page_va((uintptr_t) srcva) ||
	    !user_page_va((uintptr_t) dstva) || !user_perm_ok(perm))
		return -E_INVAL;
	if (!(src = page_lookup(e->env_pgdir, srcva, NULL)))
		return -E_INVAL;
	if (!(pp = page_alloc(0)))
		return -E_NO_MEM;
	page_copy(page2kva(pp), page2kva(src));
	if ((r = page_insert(e->env_pgdir, pp, dstva, perm)) < 0)
		page_free(pp);
	return r;
}

/* Unmap va in envid's address space (nothing there is fine). */
static int
sys_page_unmap(envid_t envid, void *va)
{
	/* LAB 4: check the env and address, then unmap the page. */
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (!user_page_va((uintptr_t) va))
		return -E_INVAL;
	page_remove(e->env_pgdir, va);
	return 0;
	/* END LAB 4 */
}

/*
 * Send value, and the page at srcva with perm if srcva < UTOP, to envid,
 * but only if it is blocked in sys_ipc_recv now.  The page goes to the
 * receiver's dstva if it asked for one (else only the value goes).
 * Returns 0, -E_BAD_ENV, -E_IPC_NOT_RECV (not receiving), -E_INVAL (bad
 * srcva or perm, nothing at srcva, a read-only page sent writable) or
 * -E_NO_MEM.
 */
static int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	/* LAB 4: check that envid is receiving; map the page at its
	 * dstva if both sides want one, checked as sys_page_map checks;
	 * record the message in its env_ipc_* fields; make it runnable
	 * with 0 as the result of its sys_ipc_recv. */
	struct Env *e;
	struct PageInfo *pp;
	int r, perm_given = 0;

	if ((r = envid2env(envid, &e, 0)) < 0)
		return r;
	if (!e->env_ipc_recving)
		return -E_IPC_NOT_RECV;
	if ((uintptr_t) srcva < UTOP) {
		if (!user_page_va((uintptr_t) srcva) || !user_perm_ok(perm))
			return -E_INVAL;
		if (!(pp = user_page_to_share(curenv, srcva, perm, NULL)))
			return -E_INVAL;
		if ((uintptr_t) e->env_ipc_dstva < UTOP) {
			if ((r = page_insert(e->env_pgdir, pp, e->env_ipc_dstva,
					     perm)) < 0)
				return r;
			perm_given = perm;
		}
	}
	e->env_ipc_recving = 0;
	e->env_ipc_perm = perm_given;
	e->env_ipc_from = curenv->env_id;
	e->env_ipc_value = value;
	e->env_tf.tf_regs.reg_eax = 0;
	e->env_status = ENV_RUNNABLE;
	return 0;
	/* END LAB 4 */
}

/*
 * Block until a message arrives (sys_ipc_try_send).  dstva < UTOP
 * (page-aligned) offers to take a page there.  Returns -E_INVAL for a
 * bad dstva; otherwise does not return: the sender makes the env
 * runnable with 0 as this call's result.
 */
static int
sys_ipc_recv(void *dstva)
{
	/* LAB 4: check dstva; mark the env receiving at dstva and not
	 * runnable, then give up the CPU. */
	if ((uintptr_t) dstva < UTOP && (uintptr_t) dstva % PGSIZE)
		return -E_INVAL;
	curenv->env_ipc_recving = 1;
	curenv->env_ipc_dstva = dstva;
	curenv->env_status = ENV_NOT_RUNNABLE;
	sched_yield();
	/* END LAB 4 */
}

/*
 * sys_ipc_try_send in the caller's turn: a receiver waiting for another
 * sender's retry refuses it, and a refused sender stands in the
 * receiver's line (kern/ipc.c).  A message delivered is traced.
 */
static int
sys_ipc_try_send_in_turn(envid_t envid, uint32_t value, void *srcva,
			 unsigned perm)
{
	int r = -E_IPC_NOT_RECV;

	if (ipc_turn_to_send(envid))
		r = sys_ipc_try_send(envid, value, srcva, perm);
	trace_ipc_tried(curenv, envid, r);
	ipc_send_tried(envid, r);
	return r;
}

/*
 * Our blocking send (jos_sys_ipc_send): sys_ipc_try_send, but a sender
 * the receiver is not ready for waits in its line (kern/ipc.c) until the
 * receiver takes the message, instead of getting -E_IPC_NOT_RECV; one
 * the receiver was waiting for hands it its CPU.  Returns 0 or an error
 * as sys_ipc_try_send does (-E_INVAL for sending to oneself, which could
 * never complete); does not return when the message is delivered or the
 * caller blocks.
 */
static int
sys_ipc_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	struct Env *to;
	int r;

	if ((r = ipc_send_check(envid, srcva, perm, &to)) < 0)
		return r;
	r = sys_ipc_try_send_in_turn(envid, value, srcva, perm);
	if (r == 0) {
		curenv->env_tf.tf_regs.reg_eax = 0;
		env_run(to);
	}
	if (r != -E_IPC_NOT_RECV)
		return r;
	ipc_wait_to_send(to, value, srcva, perm);
}

/*
 * sys_ipc_recv, served first from the caller's line of senders
 * (kern/ipc.c): a blocked sender's message is taken at once.
 */
static int
sys_ipc_recv_in_turn(void *dstva)
{
	int r;

	if (ipc_take_waiting_message(dstva, &r))
		return r;
	r = sys_ipc_recv(dstva);
	ipc_recv_returned();
	return r;
}

/*
 * sys_env_set_status, with the IPC state kept right (kern/ipc.c): an env
 * forced to run while blocked in IPC has its call cancelled first (it
 * returns -E_INVAL; a sender blocked in sys_ipc_send gets its registers
 * back), and a stopped env gives up its place in a line.
 */
static int
sys_env_set_status_in_line(envid_t envid, int status)
{
	struct Env *e;
	int r;

	if (status == ENV_RUNNABLE && envid2env(envid, &e, 1) == 0 &&
	    e->env_status == ENV_NOT_RUNNABLE)
		ipc_cancel(e, -E_INVAL);
	if ((r = sys_env_set_status(envid, status)) == 0)
		ipc_status_set(envid);
	return r;
}

/* Milliseconds since boot, to 10 ms. */
static int
sys_time_msec(void)
{
	/* LAB 6: return the kernel's clock. */
	return time_msec();
	/* END LAB 6 */
}

/*
 * Transmit the len bytes at frame, a whole Ethernet frame without its
 * CRC.  Returns 0, -E_INVAL for a len of 0 or over E1000_MAX_FRAME,
 * -E_AGAIN when the card's transmit ring is full (try again later), or
 * -E_NOT_SUPP with no network card.  A frame the env may not read
 * destroys it.
 */
static int
sys_net_try_send(const void *frame, size_t len)
{
	/* LAB 6: check the length and the env's buffer, then hand the
	 * frame to the driver. */
	if (len == 0 || len > E1000_MAX_FRAME)
		return -E_INVAL;
	user_mem_assert(curenv, frame, len, PTE_U);
	return e1000_transmit(frame, len);
	/* END LAB 6 */
}

/*
 * Copy the next received frame (without its CRC) into buf, size bytes.
 * Returns its length, -E_AGAIN when none has arrived (try again later),
 * -E_INVAL for a size of 0 or a frame longer than size (it stays, for a
 * call with a bigger buffer), or -E_NOT_SUPP with no network card.  A
 * buffer the env may not write destroys it.
 */
static int
sys_net_try_recv(void *buf, size_t size)
{
	/* LAB 6: check the size and the env's buffer, then take a frame
	 * from the driver. */
	if (size == 0)
		return -E_INVAL;
	user_mem_assert(curenv, buf, size, PTE_U | PTE_W);
	return e1000_receive(buf, size);
	/* END LAB 6 */
}

/* Dispatch system call num with its arguments; the result goes back to
 * the user in %eax.  Unknown numbers get -E_INVAL. */
int32_t
syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
	uint32_t a5)
{
	switch (num) {
	case SYS_cputs:
		sys_cputs((const char *) a1, a2);
		return 0;
	case SYS_cgetc:
		return sys_cgetc();
	case SYS_getenvid:
		return sys_getenvid();
	case SYS_env_destroy:
		return sys_env_destroy(a1);
	case SYS_page_alloc:
		return sys_page_alloc(a1, (void *) a2, a3);
	case SYS_page_map:
		return sys_page_map(a1, (void *) a2, a3, (void *) a4, a5);
	case SYS_page_unmap:
		return sys_page_unmap(a1, (void *) a2);
	case SYS_exofork:
		return sys_exofork();
	case SYS_env_set_status:
		return sys_env_set_status_in_line(a1, a2);
	case SYS_env_set_pgfault_upcall:
		return sys_env_set_pgfault_upcall(a1, (void *) a2);
	case SYS_env_set_trapframe:
		return sys_env_set_trapframe(a1, (struct Trapframe *) a2);
	case SYS_yield:
		sys_yield();
		/* sys_yield does not return */
	case SYS_ipc_try_send:
		return sys_ipc_try_send_in_turn(a1, a2, (void *) a3, a4);
	case SYS_ipc_recv:
		return sys_ipc_recv_in_turn((void *) a1);
	case SYS_ipc_send:
		return sys_ipc_send(a1, a2, (void *) a3, a4);
	case SYS_page_copy:
		return sys_page_copy(a1, (void *) a2, (void *) a3, a4);
	case SYS_page_map_batch:
		return sys_page_map_batch((const struct PageMapOp *) a1, a2);
	case SYS_page_free_count:
		return page_free_count();
	case SYS_time_msec:
		return sys_time_msec();
	case SYS_net_try_send:
		return sys_net_try_send((const void *) a1, a2);
	case SYS_net_try_recv:
		return sys_net_try_recv((void *) a1, a2);
	default:
		return -E_INVAL;
	}
}

/* The system call tf asks for (number and arguments in its registers, as
 * int $0x30 leaves them), with the result put in its %eax. */
void
syscall_trapframe(struct Trapframe *tf)
{
	trace_event(TR_SYSCALL_ENTER, curenv->env_id, tf->tf_regs.reg_eax);
	tf->tf_regs.reg_eax = syscall(tf->tf_regs.reg_eax, tf->tf_regs.reg_edx,
				      tf->tf_regs.reg_ecx, tf->tf_regs.reg_ebx,
				      tf->tf_regs.reg_edi, tf->tf_regs.reg_esi);
	trace_event(TR_SYSCALL_EXIT, curenv->env_id, tf->tf_regs.reg_eax);
}

/*
 * Run system call num, as syscall() would, if it can be run with the
 * caller's registers still unsaved (the sysenter fast path): if it
 * returns to the caller on this CPU and neither reads nor writes the
 * caller's saved registers (curenv->env_tf).  Then returns true, with the
 * call's result in *result.  Returns false, having done nothing, for a
 * call that may leave the CPU (sys_yield, sys_ipc_send, sys_ipc_recv when
 * no message is waiting, sys_env_destroy of the caller), that copies the
 * caller's registers (sys_exofork), or that this function does not know:
 * syscall() must run it with curenv->env_tf saved.
 */
bool
syscall_run_if_fast(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
		    uint32_t a4, uint32_t a5, int32_t *result)
{
	switch (num) {
	case SYS_ipc_recv:
		return ipc_take_waiting_message((void *) a1, result);
	case SYS_env_destroy:
		if (a1 == 0 || a1 == (uint32_t) curenv->env_id)
			return false;
		break;
	case SYS_cputs:
	case SYS_cgetc:
	case SYS_getenvid:
	case SYS_page_alloc:
	case SYS_page_map:
	case SYS_page_unmap:
	case SYS_env_set_status:
	case SYS_env_set_pgfault_upcall:
	case SYS_ipc_try_send:
	case SYS_page_copy:
	case SYS_page_map_batch:
	case SYS_page_free_count:
	case SYS_time_msec:
	case SYS_net_try_send:
	case SYS_net_try_recv:
		break;
	default:
		return false;
	}
	trace_event(TR_SYSCALL_ENTER, curenv->env_id, num);
	*result = syscall(num, a1, a2, a3, a4, a5);
	trace_event(TR_SYSCALL_EXIT, curenv->env_id, *result);
	return true;
}
