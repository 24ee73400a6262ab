/*
 * bench: the cost of the kernel's hot paths, in TSC cycles (rdtsc).
 *
 * Method: each figure is the median of many samples, each sample timed
 * with rdtsc around the operation (or around a batch, divided by the
 * batch size, where one operation is too short to time alone).  Every
 * "classic" figure is the same work done the way classic JOS does it,
 * measured in the same run, so that each "ratio" (classic / ours)
 * compares designs on the same machine at the same moment.  Under QEMU
 * (TCG) cycles are emulated time: compare ratios, not absolute figures.
 *
 * Classic = system calls by "int $0x30"; fork walking every page number
 * below UTOP and making two sys_page_map calls per writable page; a COW
 * fault handler making three calls (alloc, map, unmap); IPC by retrying
 * sys_ipc_try_send with sys_yield in between.
 * Ours = the library's lab path: fork, its pgfault and ipc_send (lib/fork.c,
 * lib/ipc.c) written as the lab says, entering the kernel by sysenter.
 * Extra = our named extras beside it, on a line "NAME, extra" of its own
 * with its gain over the lab path: fork_batched (mappings in batches by
 * jos_sys_page_map_batch, a one-call COW handler by jos_sys_page_copy,
 * lib/forkbatch.c) and ipc_send_blocking (blocking jos_sys_ipc_send with
 * direct hand-off to the receiver, lib/ipcblock.c).  Forks, COW faults
 * and the system calls by int and by sysenter alternate sample by sample.
 *
 * Two figures are compared with the cost of the two address-space
 * switches a round trip between two envs on one CPU cannot avoid: a
 * sys_yield ping-pong between two envs, measured in turn with the IPC
 * round trip (ours) between the same two envs.
 */
#include <inc/lib.h>
#include <inc/x86.h>

#define NSAMPLES	31
#define NFORKS		5	/* samples per fork figure */
#define DIRTY_BASE	0x10000000	/* where the dirty pages live */
#define IPC_PAGE	0x20000000	/* where IPC pages are received */

/* ---- classic system calls, by int $0x30 ---- */

#define int_page_map(s, sva, d, dva, p) \
	jos_syscall_int(SYS_page_map, s, (uint32_t) (sva), d, (uint32_t) (dva), p)
#define int_page_alloc(e, va, p) \
	jos_syscall_int(SYS_page_alloc, e, (uint32_t) (va), p, 0, 0)
#define int_page_unmap(e, va) \
	jos_syscall_int(SYS_page_unmap, e, (uint32_t) (va), 0, 0, 0)

/* ---- timing helpers ---- */

static uint32_t samples[NSAMPLES];

static uint32_t
now(void)
{
	return (uint32_t) read_tsc();
}

/* Median of a[0..n); sorts a. */
static uint32_t
median_of(uint32_t *a, int n)
{
	int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && a[j - 1] > a[j]; j--) {
			uint32_t t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
	return a[n / 2];
}

/* Median of samples[0..n). */
static uint32_t
median(int n)
{
	return median_of(samples, n);
}

/* Print one result line; target is the ratio (x10) ours must reach, or 0
 * when there is none.  Returns 1 if a target was missed. */
static int
report(const char *what, uint32_t classic, uint32_t ours, int target10)
{
	/* 32-bit arithmetic only: there is no 64-bit division here. */
	uint32_t r10 = classic < 400000000 ? classic * 10 / (ours ? ours : 1)
					   : classic / (ours / 10 ? ours / 10 : 1);
	bool missed = target10 && r10 < (uint32_t) target10;

	cprintf("bench: %-30s classic %10u  ours %10u  ratio %3u.%ux",
		what, classic, ours, r10 / 10, r10 % 10);
	if (target10)
		cprintf("  (target %d.%dx: %s)", target10 / 10, target10 % 10,
			missed ? "MISSED" : "met");
	cprintf("\n");
	return missed;
}

/* Print the line of an extra beside the lab path: its cost, the lab
 * path's, and its gain (how much less it costs, in percent). */
static void
report_extra(const char *what, uint32_t lab, uint32_t extra)
{
	uint32_t gain = lab > extra ? (lab - extra) / (lab / 100 ? lab / 100 : 1)
				    : 0;

	cprintf("bench: %-30s lab %10u  extra %10u  gain %3u%%\n", what, lab,
		extra, gain);
}

/* Wait until env id has been freed. */
static void
wait_gone(envid_t id)
{
	while (envs[ENVX(id)].env_id == id &&
	       envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
}

/* ---- system calls, yield, env create/destroy ---- */

static void int_getenvid(void) { jos_syscall_int(SYS_getenvid, 0, 0, 0, 0, 0); }
static void int_yield(void) { jos_syscall_int(SYS_yield, 0, 0, 0, 0, 0); }
static void lib_getenvid(void) { sys_getenvid(); }
static void lib_yield(void) { sys_yield(); }

/* Median cost of one call of a and of b, timed over batches of n calls
 * of each in turn, so that a change in the host's load falls on both. */
static void
time_calls(void (*a)(void), void (*b)(void), int n, uint32_t *cost_a,
	   uint32_t *cost_b)
{
	uint32_t b_samples[NSAMPLES];
	int i, k;

	for (i = 0; i < NSAMPLES; i++) {
		uint32_t t = now();
		for (k = 0; k < n; k++)
			a();
		samples[i] = (now() - t) / n;
		t = now();
		for (k = 0; k < n; k++)
			b();
		b_samples[i] = (now() - t) / n;
	}
	*cost_a = median(NSAMPLES);
	*cost_b = median_of(b_samples, NSAMPLES);
}

static int
bench_syscalls(void)
{
	uint32_t classic, ours, t;
	int i, missed;

	/* The same kernel work both ways: what differs is the crossing. */
	time_calls(int_getenvid, lib_getenvid, 100, &classic, &ours);
	missed = report("null syscall, int vs sysenter", classic, ours, 25);
	time_calls(int_yield, lib_yield, 20, &classic, &ours);
	report("sys_yield, one env", classic, ours, 0);

	for (i = 0; i < NSAMPLES; i++) {
		envid_t child;

		t = now();
		if ((child = sys_exofork()) == 0)
			for (;;)	/* never made runnable */
				;
		sys_env_destroy(child);
		samples[i] = now() - t;
	}
	ours = median(NSAMPLES);
	cprintf("bench: %-30s %u cycles (console lines included)\n",
		"env create+destroy", ours);
	return missed;
}

/* ---- fork ---- */

/* Make npages pages at DIRTY_BASE private and written. */
static void
dirty_pages(int npages)
{
	int i;

	for (i = 0; i < npages; i++)
		*(volatile uint32_t *) (DIRTY_BASE + i * PGSIZE) = i;
}

/* Map at dst a new writable page holding a copy of the page at src, the
 * classic way: three int $0x30 calls around a memmove, through UTEMP. */
static void
classic_page_copy(void *src, void *dst)
{
	const int rw = PTE_P | PTE_U | PTE_W;

	if (int_page_alloc(0, UTEMP, rw) < 0 ||
	    (memmove(UTEMP, src, PGSIZE), int_page_map(0, UTEMP, 0, dst, rw)) < 0 ||
	    int_page_unmap(0, UTEMP) < 0)
		panic("classic_page_copy to %08x failed", dst);
}

/* The classic COW handler. */
static void
classic_pgfault(struct UTrapframe *utf)
{
	void *va = ROUNDDOWN((void *) utf->utf_fault_va, PGSIZE);

	classic_page_copy(va, va);
}

/* The classic fork: every page number below UTOP, two int $0x30
 * sys_page_map calls per writable page. */
static envid_t
classic_fork(void)
{
	const int cow = PTE_P | PTE_U | PTE_COW;
	envid_t child;
	uintptr_t va;

	set_pgfault_handler(classic_pgfault);
	if ((child = sys_exofork()) == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	for (va = 0; va < USTACKTOP; va += PGSIZE) {
		pte_t pte;

		if (!(uvpd[PDX(va)] & PTE_P) || !((pte = uvpt[PGNUM(va)]) & PTE_P))
			continue;
		if (pte & (PTE_W | PTE_COW)) {
			int_page_map(0, va, child, va, cow);
			int_page_map(0, va, 0, va, cow);
		} else {
			int_page_map(0, va, child, va, pte & PTE_SYSCALL);
		}
	}
	int_page_alloc(child, UXSTACKTOP - PGSIZE, PTE_P | PTE_U | PTE_W);
	jos_syscall_int(SYS_env_set_pgfault_upcall, child,
		    (uint32_t) envs[ENVX(sys_getenvid())].env_pgfault_upcall,
		    0, 0, 0);
	jos_syscall_int(SYS_env_set_status, child, ENV_RUNNABLE, 0, 0, 0);
	return child;
}

/* Time, in the parent, of one fork by forker with npages dirty pages. */
static uint32_t
time_fork(envid_t (*forker)(void), int npages)
{
	envid_t child;
	uint32_t t;

	dirty_pages(npages);
	t = now();
	if ((child = forker()) == 0)
		exit();
	t = now() - t;
	if (child < 0)
		panic("fork: %e", child);
	wait_gone(child);
	return t;
}

static int
bench_fork(void)
{
	static const int sizes[] = { 16, 256, 1024 };
	uint32_t ours_samples[NFORKS], extra_samples[NFORKS];
	int i, k, missed = 0, mapped = 0;

	for (i = 0; i < 3; i++) {
		char what[40];
		uint32_t classic, ours;

		for (; mapped < sizes[i]; mapped++)
			if (sys_page_alloc(0, (void *) (DIRTY_BASE + mapped * PGSIZE),
					   PTE_P | PTE_U | PTE_W) < 0)
				panic("bench: out of memory");
		/* Classic and ours take turns, so that a change in the
		 * host's load falls on both. */
		for (k = 0; k < NFORKS; k++) {
			samples[k] = time_fork(classic_fork, sizes[i]);
			ours_samples[k] = time_fork(fork, sizes[i]);
			extra_samples[k] = time_fork(fork_batched, sizes[i]);
		}
		classic = median(NFORKS);
		ours = median_of(ours_samples, NFORKS);
		snprintf(what, sizeof(what), "fork, %d dirty pages", sizes[i]);
		missed += report(what, classic, ours, 0);
		snprintf(what, sizeof(what), "fork, %d pages, fork_batched",
			 sizes[i]);
		report_extra(what, ours, median_of(extra_samples, NFORKS));
	}
	return missed;
}

/* lib/pgfault.c's current handler: after fork, the library's own. */
extern void (*_pgfault_handler)(struct UTrapframe *utf);

/* The time of a write to page n at DIRTY_BASE, handled by handler. */
static uint32_t
time_fault(void (*handler)(struct UTrapframe *), int n)
{
	uint32_t t;

	set_pgfault_handler(handler);
	t = now();
	*(volatile uint32_t *) (DIRTY_BASE + n * PGSIZE) = 1;
	return now() - t;
}

/* Median cost of one COW fault in the parent: the pages of one fork
 * (which the child holds shared) are written one by one, the classic
 * handler, the library's (lib/fork.c's pgfault) and fork_batched's
 * taking turns, so that a change in the host's load falls on all. */
static void
time_cow(uint32_t *classic, uint32_t *ours, uint32_t *extra)
{
	uint32_t ours_samples[NSAMPLES], extra_samples[NSAMPLES];
	void (*lib_handler)(struct UTrapframe *);
	void (*batched_handler)(struct UTrapframe *);
	envid_t child;
	int i;

	/* fork_batched's handler: the one it installs. */
	if ((child = fork_batched()) == 0)
		exit();
	wait_gone(child);
	batched_handler = _pgfault_handler;
	dirty_pages(3 * NSAMPLES);
	if ((child = fork()) == 0) {
		ipc_recv(NULL, NULL, NULL);	/* keep the pages shared */
		exit();
	}
	lib_handler = _pgfault_handler;
	for (i = 0; i < NSAMPLES; i++) {
		samples[i] = time_fault(classic_pgfault, 3 * i);
		ours_samples[i] = time_fault(lib_handler, 3 * i + 1);
		extra_samples[i] = time_fault(batched_handler, 3 * i + 2);
	}
	ipc_send(child, 0, NULL, 0);
	wait_gone(child);
	*classic = median(NSAMPLES);
	*ours = median_of(ours_samples, NSAMPLES);
	*extra = median_of(extra_samples, NSAMPLES);
}

/* Copy the page at DIRTY_BASE + PGSIZE into a new page at DIRTY_BASE,
 * as a COW fault handler does: classic_page_copy, or one jos_sys_page_copy. */
static int
bench_copy(void)
{
	void *src = (void *) (DIRTY_BASE + PGSIZE), *dst = (void *) DIRTY_BASE;
	const int rw = PTE_P | PTE_U | PTE_W;
	uint32_t classic, ours, t;
	int i;

	for (i = 0; i < NSAMPLES; i++) {
		t = now();
		classic_page_copy(src, dst);
		samples[i] = now() - t;
	}
	classic = median(NSAMPLES);
	for (i = 0; i < NSAMPLES; i++) {
		t = now();
		if (jos_sys_page_copy(0, src, dst, rw) < 0)
			panic("bench_copy: jos_sys_page_copy failed");
		samples[i] = now() - t;
	}
	ours = median(NSAMPLES);
	return report("page copy into place", classic, ours, 0);
}

static int
bench_cow(void)
{
	uint32_t classic, ours, extra;
	int missed;

	time_cow(&classic, &ours, &extra);
	missed = report("COW fault after fork", classic, ours, 0);
	report_extra("COW fault, fork_batched", ours, extra);
	return missed;
}

/* ---- IPC ---- */

static void
classic_send(envid_t to, uint32_t val, void *pg, int perm)
{
	int r;

	while ((r = jos_syscall_int(SYS_ipc_try_send, to, val, (uint32_t) pg, perm,
				0)) == -E_IPC_NOT_RECV)
		jos_syscall_int(SYS_yield, 0, 0, 0, 0, 0);
	if (r < 0)
		panic("classic_send: %e", r);
}

static uint32_t
classic_recv(void *pg)
{
	int r = jos_syscall_int(SYS_ipc_recv, (uint32_t) pg, 0, 0, 0, 0);

	if (r < 0)
		panic("classic_recv: %e", r);
	return thisenv->env_ipc_value;
}

/* How time_ipc and time_ipc_senders send: the classic way by int $0x30,
 * the library's ipc_send, or our extra ipc_send_blocking. */
enum { CLASSIC, LAB, BLOCKING };

/* ipc_send or ipc_send_blocking, as mode says. */
static void
lib_send(int mode, envid_t to, uint32_t val, void *pg, int perm)
{
	if (mode == BLOCKING)
		ipc_send_blocking(to, val, pg, perm);
	else
		ipc_send(to, val, pg, perm);
}

/* Median round trip between this env and a forked echo child, sending
 * as mode says, with a page (sent from srcpg) or not. */
static uint32_t
time_ipc(int mode, void *srcpg)
{
	void *dst = srcpg ? (void *) IPC_PAGE : (void *) UTOP;
	int perm = srcpg ? PTE_P | PTE_U : 0;
	envid_t child;
	int i;

	if ((child = fork()) == 0) {
		envid_t parent = thisenv->env_parent_id;
		for (i = 0; i < NSAMPLES + 1; i++) {
			if (mode == CLASSIC)
				classic_send(parent,
					     classic_recv(dst), srcpg ? dst : (void *) UTOP,
					     perm);
			else
				lib_send(mode, parent,
					 ipc_recv(NULL, srcpg ? dst : NULL, NULL),
					 srcpg ? dst : NULL, perm);
		}
		exit();
	}
	for (i = 0; i < NSAMPLES + 1; i++) {
		uint32_t t = now();

		if (mode == CLASSIC) {
			classic_send(child, i, srcpg ? srcpg : (void *) UTOP, perm);
			classic_recv(dst);
		} else {
			lib_send(mode, child, i, srcpg, perm);
			ipc_recv(NULL, srcpg ? dst : NULL, NULL);
		}
		/* The first round trip includes the child's start-up. */
		if (i > 0)
			samples[i - 1] = now() - t;
	}
	wait_gone(child);
	return median(NSAMPLES);
}

/* Median time per message for one receiver (this env) taking messages
 * from NSENDERS forked senders at once, sending as mode says. */
#define NSENDERS	4
static uint32_t
time_ipc_senders(int mode)
{
	envid_t kids[NSENDERS];
	int i, k, n = 0;

	for (k = 0; k < NSENDERS; k++)
		if ((kids[k] = fork()) == 0) {
			envid_t parent = thisenv->env_parent_id;
			for (i = 0; i < NSAMPLES; i++)
				if (mode == CLASSIC)
					classic_send(parent, i, (void *) UTOP, 0);
				else
					lib_send(mode, parent, i, NULL, 0);
			exit();
		}
	for (i = 0; i < NSENDERS * NSAMPLES; i++) {
		uint32_t t = now();

		if (mode == CLASSIC)
			classic_recv((void *) UTOP);
		else
			ipc_recv(NULL, NULL, NULL);
		if (i % NSENDERS == 0 && n < NSAMPLES)
			samples[n++] = now() - t;
	}
	for (k = 0; k < NSENDERS; k++)
		wait_gone(kids[k]);
	return median(n);
}

/* The command that tells the partner of time_switches to yield n + 1
 * times (n below it); any smaller value is a message to echo back. */
#define YIELD_CMD	0x40000000

/* The partner env of time_switches: obeys YIELD_CMD, echoes the rest. */
static void
switch_partner(void)
{
	envid_t parent = thisenv->env_parent_id;
	uint32_t v;
	int k;

	while ((v = ipc_recv(NULL, NULL, NULL)) != YIELD_CMD - 1) {
		if (v < YIELD_CMD) {
			ipc_send(parent, v, NULL, 0);
			continue;
		}
		/* One yield more than the parent makes, so that each of
		 * the parent's yields goes to this env and back. */
		for (k = 0; k <= (int) (v - YIELD_CMD); k++)
			sys_yield();
	}
	exit();
}

/*
 * What a round trip between two envs costs when it is nothing but the
 * two address-space switches (a sys_yield ping-pong: each yield of this
 * env runs the other, whose yield comes back), and what an IPC round
 * trip between the same two envs costs; batches of each in turn.
 */
static void
time_switches(uint32_t *pingpong, uint32_t *ipc)
{
	const int n = 10;
	uint32_t ipc_samples[NSAMPLES];
	envid_t child;
	int i, k;

	if ((child = fork()) == 0)
		switch_partner();
	ipc_send(child, 0, NULL, 0);	/* the child's start-up */
	ipc_recv(NULL, NULL, NULL);
	for (i = 0; i < NSAMPLES; i++) {
		uint32_t t;

		ipc_send(child, YIELD_CMD + n, NULL, 0);
		t = now();
		for (k = 0; k < n; k++)
			sys_yield();
		samples[i] = (now() - t) / n;
		t = now();
		for (k = 0; k < n; k++) {
			ipc_send(child, k, NULL, 0);
			ipc_recv(NULL, NULL, NULL);
		}
		ipc_samples[i] = (now() - t) / n;
	}
	ipc_send(child, YIELD_CMD - 1, NULL, 0);
	wait_gone(child);
	*pingpong = median(NSAMPLES);
	*ipc = median_of(ipc_samples, NSAMPLES);
}

/* Print what the IPC round trip costs next to the ping-pong; the target
 * is that it costs at most 1.25x as much.  Returns 1 if missed. */
static int
bench_switches(void)
{
	uint32_t pingpong, ipc, r100;
	bool missed;

	time_switches(&pingpong, &ipc);
	r100 = ipc * 100 / (pingpong ? pingpong : 1);
	missed = r100 > 125;
	cprintf("bench: %-30s %u cycles\n", "sys_yield ping-pong, 2 envs",
		pingpong);
	cprintf("bench: %-30s %u cycles  = %u.%02ux the ping-pong"
		"  (target at most 1.25x: %s)\n", "IPC round trip, same 2 envs",
		ipc, r100 / 100, r100 % 100, missed ? "MISSED" : "met");
	return missed;
}

static int
bench_ipc(void)
{
	void *pg = (void *) (DIRTY_BASE);
	uint32_t lab;

	report("IPC round trip", time_ipc(CLASSIC, NULL),
	       lab = time_ipc(LAB, NULL), 0);
	report_extra("IPC round trip, blocking send", lab,
		     time_ipc(BLOCKING, NULL));
	report("IPC round trip with a page", time_ipc(CLASSIC, pg),
	       lab = time_ipc(LAB, pg), 0);
	report_extra("IPC with a page, blocking send", lab,
		     time_ipc(BLOCKING, pg));
	report("IPC, 4 senders, per message", time_ipc_senders(CLASSIC),
	       lab = time_ipc_senders(LAB), 0);
	report_extra("IPC, 4 senders, blocking send", lab,
		     time_ipc_senders(BLOCKING));
	return 0;
}

void
umain(int argc, char **argv)
{
	int missed = 0;

	cprintf("bench: medians of rdtsc cycles; classic = JOS's way, "
		"ours = this kernel's lab path; ratio = classic / ours; "
		"extra = a named extra beside the lab path\n");
	missed += bench_syscalls();
	missed += bench_fork();
	missed += bench_copy();
	missed += bench_cow();
	missed += bench_ipc();
	missed += bench_switches();
	cprintf("bench: done, %d target%s missed\n", missed,
		missed == 1 ? "" : "s");
}
