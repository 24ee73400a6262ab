/* The system call fuzzer; see fuzz.h. */
#include <user/test/lib/fuzz.h>
#include <user/test/lib/fuzzer.h>

extern void _pgfault_upcall(void);

static void
fz_page_alloc(struct fuzzer *f)
{
	bool vok, pok, may = true;
	int cls;
	envid_t id = fz_env(f, true, &cls);
	uintptr_t va = fz_va(f, &vok);
	int perm = fz_perm(f, &pok);
	uint32_t allowed = fz_env_results(cls, &may);
	pte_t before = fz_pte_bits(va);
	int32_t r;

	if (!vok || !pok) {
		allowed |= R(E_INVAL);
		may = false;
	}
	if (may)
		allowed |= R(0) | R(E_NO_MEM);
	r = fz_call(f, SYS_page_alloc, id, va, perm, 0, 0);
	fz_check(f, "page_alloc", r, allowed, id, va, perm, 0, 0);
	if (cls != ENV_SELF || !vok)
		return;
	if (r == 0) {
		if ((fz_pte(va) & PTE_SYSCALL) != (pte_t) perm)
			fz_fail(f, "page_alloc: other permissions", va);
		if (!fz_zeroed(va))
			fz_fail(f, "page_alloc: page not zeroed", va);
		fz_tag(f, va);
	} else if (fz_pte_bits(va) != before) {
		fz_fail(f, "refused page_alloc changed the mapping", va);
	}
}

static void
fz_page_map(struct fuzzer *f)
{
	bool sok, dok, pok;
	int scls, dcls;
	envid_t src = fz_env(f, true, &scls), dst = fz_env(f, true, &dcls);
	uintptr_t srcva = fz_va(f, &sok), dstva = fz_va(f, &dok);
	int perm = fz_perm(f, &pok);
	pte_t spte = fz_pte(srcva), before = fz_pte_bits(dstva);
	uint32_t allowed = fz_map_allowed(scls, sok, spte, dcls, dok, perm,
					  pok, true);
	int32_t r;

	r = fz_call(f, SYS_page_map, src, srcva, dst, dstva, perm);
	fz_check(f, "page_map", r, allowed, src, srcva, dst, dstva, perm);
	if (dcls != ENV_SELF || !dok)
		return;
	if (r == 0) {
		if ((fz_pte(dstva) & PTE_SYSCALL) != (pte_t) perm)
			fz_fail(f, "page_map: other permissions", dstva);
		if (scls == ENV_SELF && PTE_ADDR(fz_pte(dstva)) != PTE_ADDR(spte))
			fz_fail(f, "page_map: another page", dstva);
	} else if (fz_pte_bits(dstva) != before) {
		fz_fail(f, "refused page_map changed the mapping", dstva);
	}
}

/* A fresh copy of the page at srcva, at dstva (the same env). */
static void
fz_page_copy(struct fuzzer *f)
{
	bool sok, dok, pok;
	int cls;
	envid_t id = fz_env(f, true, &cls);
	uintptr_t srcva = fz_va(f, &sok), dstva = fz_va(f, &dok);
	int perm = fz_perm(f, &pok);
	pte_t spte = fz_pte(srcva), before = fz_pte_bits(dstva);
	uint32_t allowed = fz_map_allowed(cls, sok, spte, cls, dok,
					  perm & ~PTE_W, pok, true);
	uint32_t head[2] = { 0, 0 };
	int32_t r;

	if (cls == ENV_SELF && spte) {
		head[0] = ((volatile uint32_t *) srcva)[0];
		head[1] = ((volatile uint32_t *) srcva)[1];
	}
	r = fz_call(f, SYS_page_copy, id, srcva, dstva, perm, 0);
	fz_check(f, "page_copy", r, allowed, id, srcva, dstva, perm, 0);
	if (cls != ENV_SELF || !dok)
		return;
	if (r == 0) {
		const volatile uint32_t *p = (const volatile uint32_t *) dstva;

		if ((fz_pte(dstva) & PTE_SYSCALL) != (pte_t) perm)
			fz_fail(f, "page_copy: other permissions", dstva);
		if (PTE_ADDR(fz_pte(dstva)) == PTE_ADDR(spte))
			fz_fail(f, "page_copy: the same page", dstva);
		if (p[0] != head[0] || p[1] != head[1])
			fz_fail(f, "page_copy: other contents", dstva);
	} else if (fz_pte_bits(dstva) != before) {
		fz_fail(f, "refused page_copy changed the mapping", dstva);
	}
}

static void
fz_page_unmap(struct fuzzer *f)
{
	bool ok, may = true;
	int cls;
	envid_t id = fz_env(f, true, &cls);
	uintptr_t va = fz_va(f, &ok);
	uint32_t allowed = fz_env_results(cls, &may);
	int32_t r;

	if (!ok) {
		allowed |= R(E_INVAL);
		may = false;
	}
	r = fz_call(f, SYS_page_unmap, id, va, 0, 0, 0);
	fz_check(f, "page_unmap", r, allowed | (may ? R(0) : 0), id, va, 0,
		 0, 0);
	if (cls == ENV_SELF && ok && r == 0 && fz_pte(va))
		fz_fail(f, "page_unmap left the page", va);
}

/* A batch of up to four page_map operations (some changing the source
 * mapping too), or too many. */
static void
fz_page_map_batch(struct fuzzer *f)
{
	struct PageMapOp ops[4];
	uint32_t allowed = R(0);
	unsigned n = fz_below(f, 5), i;
	int32_t r;

	memset(ops, 0, sizeof(ops));
	for (i = 0; i < n; i++) {
		bool sok, dok, pok;
		int scls, dcls;

		ops[i].srcenv = fz_env(f, true, &scls);
		ops[i].srcva = (void *) fz_va(f, &sok);
		ops[i].dstenv = fz_env(f, true, &dcls);
		ops[i].dstva = (void *) fz_va(f, &dok);
		ops[i].perm = fz_perm(f, &pok);
		ops[i].flags = fz_below(f, 2) ? PAGE_MAP_SRC_TOO : fz_rand(f);
		/* An earlier operation may have mapped the source. */
		allowed |= fz_map_allowed(scls, sok, 0, dcls, dok, ops[i].perm,
					  pok, false);
	}
	if (fz_below(f, 8) == 0) {
		n = PAGE_MAP_BATCH_MAX + 1 + fz_below(f, 100);
		allowed = R(E_INVAL);
	}
	r = fz_call(f, SYS_page_map_batch, (uint32_t) ops, n, 0, 0, 0);
	fz_check(f, "page_map_batch", r, allowed, (uint32_t) ops, n, 0, 0, 0);
}

static void
fz_exofork(struct fuzzer *f)
{
	int32_t r;

	if (f->nkids == FZ_MAXKIDS)
		return;
	r = fz_call(f, SYS_exofork, 0, 0, 0, 0, 0);
	if (r > 0) {
		if (envs[ENVX(r)].env_parent_id != f->self ||
		    envs[ENVX(r)].env_status != ENV_NOT_RUNNABLE)
			fz_fail(f, "exofork: a child not ours or running", r);
		f->armed[f->nkids] = false;
		f->kids[f->nkids++] = r;
		return;
	}
	fz_check(f, "exofork", r, R(E_NO_FREE_ENV) | R(E_NO_MEM), 0, 0, 0, 0,
		 0);
}

static void
fz_env_destroy(struct fuzzer *f)
{
	int cls, k;
	envid_t id = fz_env(f, false, &cls);
	int32_t r = fz_call(f, SYS_env_destroy, id, 0, 0, 0, 0);

	fz_check(f, "env_destroy", r, cls == ENV_KID ? R(0) :
		 cls == ENV_UNSURE ? R(0) | R(E_BAD_ENV) : R(E_BAD_ENV),
		 id, 0, 0, 0, 0);
	if (r == 0 && (k = fz_kid_index(f, id)) >= 0) {
		f->dead[f->ndead++ % FZ_MAXDEAD] = id;
		f->kids[k] = f->kids[--f->nkids];
		f->armed[k] = f->armed[f->nkids];
	}
}

/* Statuses, most of them bad; a child is set running only rarely (it
 * faults at once and the kernel prints a trap frame). */
static void
fz_env_set_status(struct fuzzer *f)
{
	static const int bad[] = { ENV_FREE, ENV_DYING, ENV_RUNNING, 5, -1 };
	bool may = true;
	int cls, k, status;
	envid_t id = fz_env(f, true, &cls);
	uint32_t allowed = fz_env_results(cls, &may);
	int32_t r;

	switch (fz_below(f, 4)) {
	case 0:
		status = fz_below(f, 16) ? ENV_NOT_RUNNABLE : ENV_RUNNABLE;
		break;
	case 1:
		status = fz_rand(f);
		break;
	default:
		status = bad[fz_below(f, ARRAY_SIZE(bad))];
		break;
	}
	if (cls == ENV_SELF && status == ENV_NOT_RUNNABLE)
		status = ENV_RUNNABLE;
	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE) {
		allowed |= R(E_INVAL);
		may = false;
	}
	r = fz_call(f, SYS_env_set_status, id, status, 0, 0, 0);
	fz_check(f, "env_set_status", r, allowed | (may ? R(0) : 0), id,
		 status, 0, 0, 0);
	if (r == 0 && status == ENV_RUNNABLE && (k = fz_kid_index(f, id)) >= 0)
		f->armed[k] = true;
}

/* Our own upcall for ourselves; for others, addresses no env can run. */
static void
fz_env_set_pgfault_upcall(struct fuzzer *f)
{
	static const uintptr_t bad[] = {
		0, 0x1000, UTEXT - PGSIZE, ULIM, KERNBASE + 0x100000, 0xffffffff,
	};
	bool may = true;
	int cls;
	envid_t id = fz_env(f, true, &cls);
	uintptr_t func = cls == ENV_SELF ? (uintptr_t) _pgfault_upcall :
			 bad[fz_below(f, ARRAY_SIZE(bad))];
	uint32_t allowed = fz_env_results(cls, &may);
	int32_t r = fz_call(f, SYS_env_set_pgfault_upcall, id, func, 0, 0, 0);

	fz_check(f, "env_set_pgfault_upcall", r, allowed | (may ? R(0) : 0),
		 id, func, 0, 0, 0);
}

/* To the first env (it is receiving most of the time) or anyone. */
static void
fz_ipc_try_send(struct fuzzer *f)
{
	bool vok, pok, bad;
	int cls;
	envid_t id = fz_below(f, 2) ? f->root : fz_env(f, true, &cls);
	uintptr_t va = fz_below(f, 4) ? fz_va(f, &vok) : UTOP;
	int perm = fz_perm(f, &pok);
	uint32_t value = fz_value(f), allowed;
	int32_t r;

	allowed = fz_send_page_results(va, perm, &bad);
	if (id == 0 || id == f->self)
		allowed |= R(E_IPC_NOT_RECV);
	else if (fz_gone(id))
		allowed |= R(E_BAD_ENV);
	else if (!bad)
		allowed |= R(0) | R(E_IPC_NOT_RECV) | R(E_NO_MEM) | R(E_BAD_ENV);
	else	/* the lab's call may look at the receiver first */
		allowed |= R(E_BAD_ENV) | R(E_IPC_NOT_RECV);
	r = fz_call(f, SYS_ipc_try_send, id, value, va, perm, 0);
	fz_check(f, "ipc_try_send", r, allowed, id, value, va, perm, 0);
}

/* The blocking send, only where it must end: to the first env, which
 * receives until every fuzzer is done, to ourselves (refused) or to an
 * env gone for good. */
static void
fz_ipc_send(struct fuzzer *f)
{
	bool vok, pok, bad;
	envid_t id;
	uintptr_t va = fz_below(f, 2) ? fz_va(f, &vok) : UTOP;
	int perm = fz_perm(f, &pok);
	uint32_t value = fz_value(f), allowed;
	int32_t r;

	allowed = fz_send_page_results(va, perm, &bad);
	switch (fz_below(f, 3)) {
	case 0:
		id = f->root;
		allowed |= bad ? 0 : R(0) | R(E_NO_MEM);
		break;
	case 1:
		id = fz_below(f, 2) ? 0 : f->self;
		allowed |= R(E_INVAL);
		break;
	default:
		id = f->ndead ? f->dead[0] : -1;
		if (!fz_gone(id))
			return;
		allowed |= R(E_BAD_ENV);
		break;
	}
	r = fz_call(f, SYS_ipc_send, id, value, va, perm, 0);
	fz_check(f, "ipc_send", r, allowed, id, value, va, perm, 0);
}

/* Calls with nothing to get wrong but the result. */
static void
fz_simple(struct fuzzer *f)
{
	static const char buf[] = "";
	uint32_t num;
	int32_t r;

	switch (fz_below(f, 6)) {
	case 0:
		r = fz_call(f, SYS_getenvid, 0, 0, 0, 0, 0);
		if (r != f->self)
			fz_fail(f, "getenvid: another id", r);
		break;
	case 1:
		r = fz_call(f, SYS_page_free_count, 0, 0, 0, 0, 0);
		if (r < 0 || (uint32_t) r > (0 - KERNBASE) / PGSIZE)
			fz_fail(f, "page_free_count: out of range", r);
		break;
	case 2:
		fz_call(f, SYS_cputs, (uint32_t) buf, 0, 0, 0, 0);
		break;
	case 3:
		fz_call(f, SYS_yield, 0, 0, 0, 0, 0);
		break;
	case 4:
		r = fz_call(f, SYS_ipc_recv, FZ_BASE + 1 + fz_below(f, PGSIZE - 1),
			    0, 0, 0, 0);
		fz_check(f, "ipc_recv", r, R(E_INVAL), 0, 0, 0, 0, 0);
		break;
	default:
		num = fz_below(f, 2) ? NSYSCALLS + fz_below(f, 64) :
		      fz_rand(f) | 0x100;
		r = fz_call(f, num, fz_rand(f), fz_rand(f), 0, 0, 0);
		fz_check(f, "unknown system call", r, R(E_INVAL), num, 0, 0, 0,
			 0);
		break;
	}
}

/* Destroy our children, check and empty the fuzz region. */
static void
fz_finish(struct fuzzer *f)
{
	uintptr_t va;
	int32_t r;

	while (f->nkids > 0) {
		r = sys_env_destroy(f->kids[--f->nkids]);
		if (r != 0 && r != -E_BAD_ENV)
			fz_fail(f, "destroying a child", f->kids[f->nkids]);
	}
	for (va = FZ_BASE; va < FZ_BASE + FZ_PAGES * PGSIZE; va += PGSIZE) {
		if (fz_pte(va) && !fz_ours(f, va))
			fz_fail(f, "a page that is not ours", va);
		sys_page_unmap(0, (void *) va);
	}
}

static void __attribute__((noreturn))
fz_fuzzer(int index, uint32_t seed, unsigned ncalls)
{
	struct fuzzer f = { .index = index, .self = sys_getenvid(),
			    .root = thisenv->env_parent_id };

	f.rng = seed * 0x9e3779b1u ^ (index + 1) * 0x85ebca6bu;
	if (f.rng == 0)
		f.rng = 1;
	while (f.call < ncalls) {
		uint32_t pick = fz_below(&f, 32);

		fz_reap(&f);
		if (pick < 5)
			fz_page_alloc(&f);
		else if (pick < 6)
			fz_page_copy(&f);
		else if (pick < 11)
			fz_page_map(&f);
		else if (pick < 14)
			fz_page_unmap(&f);
		else if (pick < 16)
			fz_page_map_batch(&f);
		else if (pick < 17)
			fz_exofork(&f);
		else if (pick < 18)
			fz_env_destroy(&f);
		else if (pick < 20)
			fz_env_set_status(&f);
		else if (pick < 21)
			fz_env_set_pgfault_upcall(&f);
		else if (pick < 24)
			fz_ipc_try_send(&f);
		else if (pick < 25)
			fz_ipc_send(&f);
		else
			fz_simple(&f);
	}
	fz_finish(&f);
	cprintf("fuzz: env %d (%08x): %u calls, %u failures\n", index, f.self,
		f.call, f.failures);
	ipc_send(f.root, FZ_DONE | MIN(f.failures, 0xffff), 0, 0);
	exit();
}

/* Is every env but us gone?  Waits a while for stragglers (children set
 * running, dying on their CPUs). */
static bool
fz_all_gone(void)
{
	int i, tries;

	for (tries = 0; tries < 100000; tries++) {
		for (i = 0; i < NENV; i++)
			if (envs[i].env_status != ENV_FREE &&
			    envs[i].env_id != thisenv->env_id)
				break;
		if (i == NENV)
			return true;
		sys_yield();
	}
	return false;
}

/* The index of env id in fuzzers[0 .. n - 1], or -1. */
static int
fuzzer_index(const envid_t *fuzzers, int n, envid_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (fuzzers[i] == id)
			return i;
	return -1;
}

void
fuzz_main(uint32_t seed, unsigned ncalls, int nenvs)
{
	static envid_t fuzzers[NENV];
	static bool finished[NENV];
	envid_t from;
	unsigned failures = 0, messages = 0;
	int i, done = 0, perm;
	int32_t v;

	cprintf("fuzz: seed %u, %u calls per env, %d envs\n", seed, ncalls,
		nenvs);
	for (i = 0; i < nenvs; i++) {
		if ((fuzzers[i] = fork()) < 0)
			panic("fork: %e", fuzzers[i]);
		if (fuzzers[i] == 0)
			fz_fuzzer(i, seed, ncalls);
	}
	while (done < nenvs) {
		v = ipc_recv(&from, FZ_RECV, &perm);
		/* By fuzzers[], not by envs[ENVX(from)]: a fuzzer exits
		 * right after its last send, and its slot may hold a new
		 * env by the time we look. */
		if ((v & 0xffff0000) == FZ_DONE &&
		    (i = fuzzer_index(fuzzers, nenvs, from)) >= 0 &&
		    !finished[i]) {
			finished[i] = true;
			done++;
			failures += v & 0xffff;
		} else {
			messages++;
		}
	}
	sys_page_unmap(0, FZ_RECV);
	if (!fz_all_gone()) {
		cprintf("FAIL fuzz: envs left over\n");
		failures++;
	}
	cprintf("fuzz: done, %d envs x %u calls, %u failures, "
		"%u messages taken\n", nenvs, ncalls, failures, messages);
}
