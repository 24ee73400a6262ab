/*
 * The system call fuzzer's plumbing (user/test/lib/fuzz.c is the fuzzer): its
 * state, random numbers, entering the kernel both ways, reporting, our
 * own pages, and drawing env ids, addresses and permissions together
 * with what they allow a call to return.
 */
#ifndef JOS_USER_TEST_LIB_FUZZER_H
#define JOS_USER_TEST_LIB_FUZZER_H

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

uint32_t fz_rand(struct fuzzer *f);

uint32_t fz_below(struct fuzzer *f, uint32_t n);

/* --- entering the kernel ------------------------------------------------ */

/* Make system call num, by sysenter or int at random. */
int32_t fz_call(struct fuzzer *f, uint32_t num, uint32_t a1, uint32_t a2,
	uint32_t a3, uint32_t a4, uint32_t a5);

/* Report r unless allowed has its bit. */
void fz_check(struct fuzzer *f, const char *name, int32_t r, uint32_t allowed,
	 uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);

/* Report a check of our own pages that failed. */
void fz_fail(struct fuzzer *f, const char *what, uintptr_t va);

/* --- our own pages ------------------------------------------------------ */

/* The PTE of va here, 0 if unmapped or not a user address. */
pte_t fz_pte(uintptr_t va);

/* What a call may leave in a PTE: the page and the user's bits. */
pte_t fz_pte_bits(uintptr_t va);

/* Mark a page we own, if we may write it. */
void fz_tag(struct fuzzer *f, uintptr_t va);

/* Is the page at va one of ours: zero (never written) or tagged by us? */
bool fz_ours(struct fuzzer *f, uintptr_t va);

bool fz_zeroed(uintptr_t va);

/* --- choosing arguments -------------------------------------------------- */

/* Is id gone for good (its slot free or reused)? */
bool fz_gone(envid_t id);

int fz_kid_index(struct fuzzer *f, envid_t id);

bool fz_is_dead_kid(struct fuzzer *f, envid_t id);

/* What a call on id may do, for us. */
int fz_classify(struct fuzzer *f, envid_t id);

/* Forget children that are gone; remember their ids as stale ones. */
void fz_reap(struct fuzzer *f);

/* Some live env, found from a random slot on, or 0 if none. */
envid_t fz_some_env(struct fuzzer *f);

/* An env id to call on; *cls says what the call may do.  Never ourselves
 * unless self_ok. */
envid_t fz_env(struct fuzzer *f, bool self_ok, int *cls);

/* An address: a page of the fuzz region (valid, *ok set) or a bad one. */
uintptr_t fz_va(struct fuzzer *f, bool *ok);

/* A permission: *ok says whether the kernel must accept it. */
int fz_perm(struct fuzzer *f, bool *ok);

/* The results an env argument of class cls allows; clears *may_work if
 * the call cannot succeed. */
uint32_t fz_env_results(int cls, bool *may_work);

/* The results page_map (or one batch operation) may return.  src_known:
 * whether we know what srcva holds in src. */
uint32_t fz_map_allowed(int scls, bool sok, pte_t spte, int dcls, bool dok, int perm,
	       bool pok, bool src_known);

/* A value that cannot pass for a fuzzer's last message. */
uint32_t fz_value(struct fuzzer *f);

/* The results a send's page argument allows: -E_INVAL if it breaks the
 * rules (then *bad is set) or may turn out to (a page not mapped, a
 * writable send of a read-only one). */
uint32_t fz_send_page_results(uintptr_t srcva, int perm, bool *bad);

#endif
