/*
 * ns: the network server.  It owns the TCP/IP stack (lwIP, without an
 * operating-system layer: NO_SYS) and serves the socket requests of
 * inc/ns.h for every env.  Three helper envs, forked at start, do what
 * would block: the timer env sends a tick when lwIP's timers are due,
 * the input env sends every frame the card receives, and the output env
 * transmits the frames lwIP makes.
 *
 * One loop, one request at a time: receive an IPC, act on it, answer it
 * or park it.  A request that cannot complete yet (an accept without a
 * connection, a recv without data, a send without room, a connect under
 * way) keeps its page and is answered from lwIP's callbacks
 * (net/tcpsock.c).
 */
#include "serv.h"
#include <lwip/init.h>
#include <lwip/timeouts.h>
#include <lwip/netif.h>

/* Parked and in-flight requests; slot i's page is at SLOTVA + i pages. */
struct request requests[NSLOTS];
static uint32_t park_seq;

static envid_t timer_env, input_env, output_env;

/* Times a client that is not ready for its answer may be run before the
 * answer is dropped (as the file server does). */
#define REPLY_CLIENT_RUNS	100

/* Send value r to whom, if it comes to receive it while it can. */
static void
reply(envid_t whom, int r)
{
	const volatile struct Env *e = &envs[ENVX(whom)];
	uint32_t runs = e->env_runs;

	while (sys_ipc_try_send(whom, r, (void *) UTOP, 0) == -E_IPC_NOT_RECV) {
		if (e->env_id != whom || (e->env_status == ENV_NOT_RUNNABLE &&
					  !e->env_ipc_recving) ||
		    e->env_runs - runs > REPLY_CLIENT_RUNS)
			return;
		sys_yield();
	}
}

/* Answer req with result and free its slot and page. */
void
request_finish(struct request *req, int result)
{
	reply(req->client, result);
	sys_page_unmap(0, req->page);
	req->busy = false;
}

static int
free_request_slots(void)
{
	int n = 0;

	for (int i = 0; i < NSLOTS; i++)
		n += !requests[i].busy;
	return n;
}

static struct request *
free_slot(void)
{
	for (int i = 0; i < NSLOTS; i++)
		if (!requests[i].busy)
			return &requests[i];
	panic("ns: no free request slot");
}

/* Is a request of req's type already waiting on its socket? */
static bool
waits_behind(const struct request *req)
{
	for (int i = 0; i < NSLOTS; i++) {
		const struct request *q = &requests[i];

		if (q != req && q->busy && q->seq && q->sockid == req->sockid &&
		    q->type == req->type)
			return true;
	}
	return false;
}

/* Copy out the arguments of the client request in req's page.  Returns 0,
 * or -E_INVAL for a request code or size out of range. */
static int
request_args(struct request *req)
{
	union Nsipc *p = req->page;

	switch (req->type) {
	case NSREQ_SOCKET:
		return 0;
	case NSREQ_ACCEPT:
		req->addrlen = p->accept.req_addrlen;
		break;
	case NSREQ_RECV:
		req->len = p->recv.req_len;
		if (req->len < 0)
			return -E_INVAL;
		break;
	case NSREQ_SEND:
		req->len = p->send.req_size;
		if (req->len < 0 || req->len > NSIPC_MAX_SEND)
			return -E_INVAL;
		break;
	case NSREQ_BIND:
	case NSREQ_SHUTDOWN:
	case NSREQ_CLOSE:
	case NSREQ_CONNECT:
	case NSREQ_LISTEN:
		break;
	default:
		return -E_INVAL;
	}
	/* req_s is the first word of every request that names a socket. */
	req->sockid = p->close.req_s;
	return 0;
}

/* A client's request has arrived in req's slot: carry it out, or park it
 * if it must wait and a slot is left for the next request. */
static void
serve_request(struct request *req, int perm)
{
	int r;

	req->busy = true;
	req->seq = 0;
	req->done = 0;
	req->sockid = -1;
	if (!(perm & PTE_P)) {
		cprintf("Invalid request from %08x: no argument page\n",
			req->client);
		req->busy = false;
		return;
	}
	if (!(perm & PTE_W))
		r = -E_INVAL;	/* answers could not go in it */
	else if ((r = request_args(req)) == 0)
		r = waits_behind(req) ? PARKED : sock_request(req);
	if (r == PARKED) {
		if (free_request_slots() > 0) {
			req->seq = ++park_seq;
			return;
		}
		r = -E_NO_MEM;
	}
	request_finish(req, r);
}

/* Drop the parked requests of envs that are gone. */
static void
drop_dead_clients(void)
{
	for (int i = 0; i < NSLOTS; i++) {
		struct request *q = &requests[i];

		if (q->busy && envs[ENVX(q->client)].env_id != q->client) {
			sys_page_unmap(0, q->page);
			q->busy = false;
		}
	}
}

/* The timer env's tick: run lwIP's timers, and tell it when to come
 * back. */
static void
serve_timer(void)
{
	uint32_t wait;

	sys_check_timeouts();
	drop_dead_clients();
	wait = sys_timeouts_sleeptime();
	reply(timer_env, MAX(10, MIN(wait, TIMER_INTERVAL)));
}

/* Receive and serve IPCs, forever. */
static void
serve(void)
{
	for (;;) {
		struct request *req = free_slot();
		envid_t whom;
		int perm;
		uint32_t type = ipc_recv(&whom, req->page, &perm);

		if (whom == 0)
			continue;
		if (whom == timer_env && type == NSREQ_TIMER) {
			serve_timer();
		} else if (whom == input_env && type == NSREQ_INPUT &&
			   (perm & PTE_P)) {
			jif_input(&req->page->pkt);
			sys_page_unmap(0, req->page);
		} else if (type == NSREQ_TIMER) {
			cprintf("NS: received timer interrupt from envid %x not timer env\n",
				whom);
		} else if (whom == input_env || whom == output_env ||
			   whom == timer_env) {
			sys_page_unmap(0, req->page);
		} else {
			req->client = whom;
			req->type = type;
			serve_request(req, perm);
		}
		/* Frames to ourselves, queued while serving. */
		netif_poll_all();
	}
}

/* Fork a helper env that runs fn, which never returns. */
static envid_t
start_helper(const char *name, void (*fn)(envid_t), envid_t ns)
{
	envid_t id = fork();

	if (id < 0)
		panic("ns: forking %s: %e", name, id);
	if (id == 0) {
		fn(ns);
		exit();
	}
	return id;
}

static void
run_timer(envid_t ns)
{
	timer(ns, TIMER_INTERVAL);
}

void
umain(int argc, char **argv)
{
	envid_t ns = sys_getenvid();

	binaryname = "ns";
	for (int i = 0; i < NSLOTS; i++)
		requests[i].page = (union Nsipc *) (SLOTVA + i * PGSIZE);

	timer_env = start_helper("ns_timer", run_timer, ns);
	input_env = start_helper("ns_input", input, ns);
	output_env = start_helper("ns_output", output, ns);

	lwip_init();
	jif_setup(output_env);
	cprintf("NS: TCP/IP initialized.\n");
	serve();
}
