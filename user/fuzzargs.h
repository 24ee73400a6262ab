/*
 * The system call fuzzer's plumbing (user/fuzz.h is the fuzzer): its
 * state, random numbers, entering the kernel both ways, reporting, our
 * own pages, and drawing env ids, addresses and permissions together
 * with what they allow a call to return.
 */
#ifndef JOS_USER_FUZZARGS_H
#define JOS_USER_FUZZARGS_H

#include <inc/lib.h>

#define FZ_BASE		0x10000000	/* the fuzz region */
#define FZ_PAGES	64
#define FZ_RECV		((void *) 0x20000000)	/* where the first env takes pages */
#define FZ_MAXKIDS	4
#define FZ_MAXDEAD	8
#define FZ_DONE		0x0f220000	/* a fuzzer's last message, | failures */
#define FZ_TAG		0xfa22ed00	/* first word of a page we wrote */
#define FZ_SHOWN	20		/* failures printed per fuzzer */
#define PU		(PTE_P | PTE_U)

/* What a call on an env id may do: the caller's own, a child it knows
 * to be alive and idle, one it cannot be sure of, one it may not use. */
enum { ENV_SELF, ENV_KID, ENV_UNSURE, ENV_BAD };

/* Results a call may return: bit 0 for 0, bit k for -k. */
#define R(err)		(1u << (err))

struct fuzzer {
	int index;
	uint32_t rng;
	envid_t self, root;
	envid_t kids[FZ_MAXKIDS];
	bool armed[FZ_MAXKIDS];		/* set runnable: it may die any time */
	int nkids;
	envid_t dead[FZ_MAXDEAD];	/* ids of children we destroyed */
	int ndead;
	unsigned call, failures;
};

/* --- random numbers ----------------------------------------------------- */

static uint32_t
fz_rand(struct fuzzer *f)
{
	uint32_t x = f->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return f->rng = x;
}

static uint32_t
fz_below(struct fuzzer *f, uint32_t n)
{
	return fz_rand(f) % n;
}

/* --- entering the kernel ------------------------------------------------ */

/* Make system call num, by sysenter or int at random. */
static int32_t
fz_call(struct fuzzer *f, uint32_t num, uint32_t a1, uint32_t a2,
	uint32_t a3, uint32_t a4, uint32_t a5)
{
	f->call++;
	if (fz_rand(f) & 1)
		return jos_syscall_int(num, a1, a2, a3, a4, a5);
	return jos_syscall_sysenter(num, a1, a2, a3, a4, a5);
}

/* Report r unless allowed has its bit. */
static void
fz_check(struct fuzzer *f, const char *name, int32_t r, uint32_t allowed,
	 uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	if (r <= 0 && r > -32 && (allowed & R(-r)))
		return;
	if (f->failures++ < FZ_SHOWN)
		cprintf("FAIL fuzz env %d call %u: %s(%x, %x, %x, %x, %x) = "
			"%d, allowed %x\n", f->index, f->call, name, a1, a2,
			a3, a4, a5, r, allowed);
}

/* Report a check of our own pages that failed. */
static void
fz_fail(struct fuzzer *f, const char *what, uintptr_t va)
{
	if (f->failures++ < FZ_SHOWN)
		cprintf("FAIL fuzz env %d call %u: %s at %08x\n", f->index,
			f->call, what, va);
}

/* --- our own pages ------------------------------------------------------ */

/* The PTE of va here, 0 if unmapped or not a user address. */
static pte_t
fz_pte(uintptr_t va)
{
	if (va >= UTOP || !(uvpd[PDX(va)] & PTE_P))
		return 0;
	return uvpt[PGNUM(va)] & PTE_P ? uvpt[PGNUM(va)] : 0;
}

/* What a call may leave in a PTE: the page and the user's bits. */
static pte_t
fz_pte_bits(uintptr_t va)
{
	return fz_pte(va) & (~0xfff | PTE_SYSCALL);
}

/* Mark a page we own, if we may write it. */
static void
fz_tag(struct fuzzer *f, uintptr_t va)
{
	if (fz_pte(va) & PTE_W) {
		((volatile uint32_t *) va)[0] = FZ_TAG;
		((volatile uint32_t *) va)[1] = f->self;
	}
}

/* Is the page at va one of ours: zero (never written) or tagged by us? */
static bool
fz_ours(struct fuzzer *f, uintptr_t va)
{
	const volatile uint32_t *p = (const volatile uint32_t *) va;

	return (p[0] == 0 && p[1] == 0) ||
	       (p[0] == FZ_TAG && p[1] == (uint32_t) f->self);
}

static bool
fz_zeroed(uintptr_t va)
{
	const volatile uint32_t *p = (const volatile uint32_t *) va;
	int i;

	for (i = 0; i < PGSIZE / 4; i++)
		if (p[i])
			return false;
	return true;
}

/* --- choosing arguments -------------------------------------------------- */

/* Is id gone for good (its slot free or reused)? */
static bool
fz_gone(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	return e->env_id != id || e->env_status == ENV_FREE;
}

static int
fz_kid_index(struct fuzzer *f, envid_t id)
{
	int i;

	for (i = 0; i < f->nkids; i++)
		if (f->kids[i] == id)
			return i;
	return -1;
}

static bool
fz_is_dead_kid(struct fuzzer *f, envid_t id)
{
	int i;

	for (i = 0; i < f->ndead && i < FZ_MAXDEAD; i++)
		if (f->dead[i] == id)
			return true;
	return false;
}

/* What a call on id may do, for us. */
static int
fz_classify(struct fuzzer *f, envid_t id)
{
	int k;

	if (id == 0 || id == f->self)
		return ENV_SELF;
	if ((k = fz_kid_index(f, id)) >= 0) {
		if (!f->armed[k])
			return ENV_KID;
		return fz_gone(id) ? ENV_BAD : ENV_UNSURE;
	}
	if (fz_is_dead_kid(f, id) && !fz_gone(id))
		return ENV_UNSURE;	/* destroyed, dying on its CPU */
	return ENV_BAD;
}

/* Forget children that are gone; remember their ids as stale ones. */
static void
fz_reap(struct fuzzer *f)
{
	int i;

	for (i = 0; i < f->nkids; i++)
		if (fz_gone(f->kids[i])) {
			f->dead[f->ndead++ % FZ_MAXDEAD] = f->kids[i];
			f->kids[i] = f->kids[--f->nkids];
			f->armed[i] = f->armed[f->nkids];
			i--;
		}
}

/* Some live env, found from a random slot on, or 0 if none. */
static envid_t
fz_some_env(struct fuzzer *f)
{
	int start = fz_below(f, NENV), i;

	for (i = 0; i < NENV; i++) {
		const volatile struct Env *e = &envs[(start + i) % NENV];

		if (e->env_status != ENV_FREE)
			return e->env_id;
	}
	return 0;
}

/* An env id to call on; *cls says what the call may do.  Never ourselves
 * unless self_ok. */
static envid_t
fz_env(struct fuzzer *f, bool self_ok, int *cls)
{
	envid_t id;

	do {
		switch (fz_below(f, 10)) {
		case 0: id = 0; break;
		case 1: id = f->self; break;
		case 2:
		case 3: id = f->nkids ? f->kids[fz_below(f, f->nkids)] : 0; break;
		case 4: id = f->ndead ? f->dead[fz_below(f, MIN(f->ndead,
					 FZ_MAXDEAD))] : f->root; break;
		case 5: id = f->root; break;
		case 6: id = fz_some_env(f); break;
		case 7: id = (fz_rand(f) & 0x7ffff000) | fz_below(f, NENV); break;
		case 8: id = fz_rand(f); break;
		default:
			id = fz_below(f, 2) ? -1 : f->self + 0x1000;
			break;
		}
		*cls = fz_classify(f, id);
	} while (*cls == ENV_SELF && !self_ok);
	return id;
}

/* An address: a page of the fuzz region (valid, *ok set) or a bad one. */
static uintptr_t
fz_va(struct fuzzer *f, bool *ok)
{
	static const uintptr_t bad[] = {
		UTOP, UTOP - 1, UTOP - PGSIZE + 1, ULIM, ULIM - PGSIZE, UVPT,
		UPAGES, KERNBASE, KSTACKTOP - PGSIZE, 0xfffff000, 0xffffffff,
	};
	uintptr_t va = FZ_BASE + fz_below(f, FZ_PAGES) * PGSIZE;

	*ok = true;
	switch (fz_below(f, 8)) {
	case 0:
		*ok = false;
		return bad[fz_below(f, ARRAY_SIZE(bad))];
	case 1:
		*ok = false;
		return va + 1 + fz_below(f, PGSIZE - 1);
	case 2:
		va = fz_rand(f);
		*ok = va < UTOP && va % PGSIZE == 0;
		return *ok ? FZ_BASE : va;
	default:
		return va;
	}
}

/* A permission: *ok says whether the kernel must accept it. */
static int
fz_perm(struct fuzzer *f, bool *ok)
{
	int perm;

	switch (fz_below(f, 6)) {
	case 0:
		perm = fz_rand(f);
		break;
	case 1:
		perm = PU | (1 << fz_below(f, 32));
		break;
	case 2:
		perm = fz_rand(f) & PTE_SYSCALL;
		break;
	default:
		perm = PU | (fz_rand(f) & PTE_SYSCALL);
		break;
	}
	*ok = (perm & PU) == PU && !(perm & ~PTE_SYSCALL);
	return perm;
}

/* The results an env argument of class cls allows; clears *may_work if
 * the call cannot succeed. */
static uint32_t
fz_env_results(int cls, bool *may_work)
{
	if (cls == ENV_BAD)
		*may_work = false;
	return cls == ENV_BAD || cls == ENV_UNSURE ? R(E_BAD_ENV) : 0;
}

/* The results page_map (or one batch operation) may return.  src_known:
 * whether we know what srcva holds in src. */
static uint32_t
fz_map_allowed(int scls, bool sok, pte_t spte, int dcls, bool dok, int perm,
	       bool pok, bool src_known)
{
	bool may = true;
	uint32_t allowed = fz_env_results(scls, &may) |
			   fz_env_results(dcls, &may);

	if (!sok || !dok || !pok) {
		allowed |= R(E_INVAL);
		may = false;
	} else if (scls != ENV_SELF || !src_known) {
		allowed |= R(E_INVAL);
	} else if (!spte || ((perm & PTE_W) && !(spte & PTE_W))) {
		allowed |= R(E_INVAL);
		may = false;
	}
	return allowed | (may ? R(0) | R(E_NO_MEM) : 0);
}

/* A value that cannot pass for a fuzzer's last message. */
static uint32_t
fz_value(struct fuzzer *f)
{
	uint32_t v = fz_rand(f);

	return (v & 0xffff0000) == FZ_DONE ? v ^ 0x10000 : v;
}

/* The results a send's page argument allows: -E_INVAL if it breaks the
 * rules (then *bad is set) or may turn out to (a page not mapped, a
 * writable send of a read-only one). */
static uint32_t
fz_send_page_results(uintptr_t srcva, int perm, bool *bad)
{
	bool pok = (perm & PU) == PU && !(perm & ~PTE_SYSCALL);
	pte_t pte = fz_pte(srcva);

	*bad = srcva < UTOP && (srcva % PGSIZE || !pok);
	if (srcva >= UTOP || *bad)
		return *bad ? R(E_INVAL) : 0;
	return !pte || ((perm & PTE_W) && !(pte & PTE_W)) ? R(E_INVAL) : 0;
}

#endif
