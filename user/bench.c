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
 * Ours = sysenter; fork skipping empty page tables and mapping in batches
 * (jos_sys_page_map_batch); a one-call COW handler (jos_sys_page_copy); blocking
 * jos_sys_ipc_send with direct hand-off to the receiver.  Forks and COW
 * faults alternate between classic and ours sample by sample.
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

	cprintf("bench: %-28s classic %10u  ours %10u  ratio %3u.%ux",
		what, classic, ours, r10 / 10, r10 % 10);
	if (target10)
		cprintf("  (target %d.%dx: %s)", target10 / 10, target10 % 10,
			missed ? "MISSED" : "met");
	cprintf("\n");
	return missed;
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

/* Median cost of one call of fn, timed over batches of n calls. */
static uint32_t
time_calls(void (*fn)(void), int n)
{
	int i, k;

	for (i = 0; i < NSAMPLES; i++) {
		uint32_t t = now();
		for (k = 0; k < n; k++)
			fn();
		samples[i] = (now() - t) / n;
	}
	return median(NSAMPLES);
}

static int
bench_syscalls(void)
{
	uint32_t ours, t;
	int i;

	report("null syscall", time_calls(int_getenvid, 100),
	       time_calls(lib_getenvid, 100), 0);
	report("sys_yield round trip", time_calls(int_yield, 20),
	       time_calls(sys_yield, 20), 0);

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
	cprintf("bench: %-28s %u cycles (console lines included)\n",
		"env create+destroy", ours);
	return 0;
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
	uint32_t ours_samples[NFORKS];
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
		}
		classic = median(NFORKS);
		ours = median_of(ours_samples, NFORKS);
		snprintf(what, sizeof(what), "fork, %d dirty pages", sizes[i]);
		missed += report(what, classic, ours, sizes[i] == 1024 ? 100 : 0);
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
 * handler and the library's taking turns, so that a change in the
 * host's load falls on both. */
static void
time_cow(uint32_t *classic, uint32_t *ours)
{
	uint32_t ours_samples[NSAMPLES];
	void (*lib_handler)(struct UTrapframe *);
	envid_t child;
	int i;

	dirty_pages(2 * NSAMPLES);
	if ((child = fork()) == 0) {
		ipc_recv(NULL, NULL, NULL);	/* keep the pages shared */
		exit();
	}
	lib_handler = _pgfault_handler;
	for (i = 0; i < NSAMPLES; i++) {
		samples[i] = time_fault(classic_pgfault, 2 * i);
		ours_samples[i] = time_fault(lib_handler, 2 * i + 1);
	}
	ipc_send(child, 0, NULL, 0);
	wait_gone(child);
	*classic = median(NSAMPLES);
	*ours = median_of(ours_samples, NSAMPLES);
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
	uint32_t classic, ours;

	time_cow(&classic, &ours);
	return report("COW fault after fork", classic, ours, 20);
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

/* Median round trip between this env and a forked echo child; classic
 * or ours, with a page (sent from srcpg) or not. */
static uint32_t
time_ipc(bool classic, void *srcpg)
{
	void *dst = srcpg ? (void *) IPC_PAGE : (void *) UTOP;
	int perm = srcpg ? PTE_P | PTE_U : 0;
	envid_t child;
	int i;

	if ((child = fork()) == 0) {
		envid_t parent = thisenv->env_parent_id;
		for (i = 0; i < NSAMPLES + 1; i++) {
			if (classic)
				classic_send(parent,
					     classic_recv(dst), srcpg ? dst : (void *) UTOP,
					     perm);
			else
				ipc_send(parent, ipc_recv(NULL, srcpg ? dst : NULL, NULL),
					 srcpg ? dst : NULL, perm);
		}
		exit();
	}
	for (i = 0; i < NSAMPLES + 1; i++) {
		uint32_t t = now();

		if (classic) {
			classic_send(child, i, srcpg ? srcpg : (void *) UTOP, perm);
			classic_recv(dst);
		} else {
			ipc_send(child, i, srcpg, perm);
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
 * from NSENDERS forked senders at once, classic or ours. */
#define NSENDERS	4
static uint32_t
time_ipc_senders(bool classic)
{
	envid_t kids[NSENDERS];
	int i, k, n = 0;

	for (k = 0; k < NSENDERS; k++)
		if ((kids[k] = fork()) == 0) {
			envid_t parent = thisenv->env_parent_id;
			for (i = 0; i < NSAMPLES; i++)
				if (classic)
					classic_send(parent, i, (void *) UTOP, 0);
				else
					ipc_send(parent, i, NULL, 0);
			exit();
		}
	for (i = 0; i < NSENDERS * NSAMPLES; i++) {
		uint32_t t = now();

		if (classic)
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

static int
bench_ipc(void)
{
	void *pg = (void *) (DIRTY_BASE);
	int missed;

	missed = report("IPC round trip", time_ipc(true, NULL),
			time_ipc(false, NULL), 40);
	report("IPC round trip with a page", time_ipc(true, pg),
	       time_ipc(false, pg), 0);
	report("IPC, 4 senders, per message", time_ipc_senders(true),
	       time_ipc_senders(false), 0);
	return missed;
}

void
umain(int argc, char **argv)
{
	int missed = 0;

	cprintf("bench: medians of rdtsc cycles; classic = JOS's way, "
		"ours = this kernel's; ratio = classic / ours\n");
	missed += bench_syscalls();
	missed += bench_fork();
	missed += bench_copy();
	missed += bench_cow();
	missed += bench_ipc();
	cprintf("bench: done, %d target%s missed\n", missed,
		missed == 1 ? "" : "s");
}
