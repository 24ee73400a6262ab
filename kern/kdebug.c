/*
 * Code address -> function, file and line, for the kernel and the user
 * programs embedded in it, from the table that tools/mkdebugtab.py
 * generates out of their symbols and DWARF line programs and that the
 * build links into section .kdebug.
 */

#include <inc/types.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <kern/kdebug.h>
#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/spinlock.h>

/* The table's layout; see tools/mkdebugtab.py. */
struct kdebug_mod {
	uint32_t name;		/* offset in kdebug_strings */
	uintptr_t text_va;	/* a user program's code segment ... */
	uint32_t text_len;	/* ... (0 for the kernel) ... */
	uint32_t text_hash;	/* ... and its FNV-1a hash */
	uint32_t func_first, nfuncs;	/* its slice of kdebug_funcs */
	uint32_t line_first, nlines;	/* its slice of kdebug_lines */
};

struct kdebug_func {
	uintptr_t addr;
	uint32_t size;
	uint32_t name;		/* offset in kdebug_strings */
};

struct kdebug_line {
	uintptr_t addr;
	uint16_t file;		/* index in kdebug_files */
	uint16_t line;		/* 0: no source for these addresses */
};

extern const uint32_t kdebug_nmods, kdebug_nfiles;
extern const struct kdebug_mod kdebug_mods[];
extern const struct kdebug_func kdebug_funcs[];
extern const struct kdebug_line kdebug_lines[];
extern const uint32_t kdebug_files[];
extern const char kdebug_strings[];

/*
 * Index of the last element whose address is <= addr in a sorted array of
 * n elements of the given size, each starting with its address; -1 if
 * there is none.
 */
static int
find_le(const void *base, uint32_t n, size_t size, uintptr_t addr)
{
	int lo = 0, hi = (int) n - 1, found = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		uintptr_t a = *(const uintptr_t *) ((const char *) base + mid * size);

		if (a <= addr) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/* Fill in the function of mod containing addr; false if there is none. */
static bool
find_function(const struct kdebug_mod *mod, uintptr_t addr,
	      struct Eipdebuginfo *info)
{
	const struct kdebug_func *funcs = kdebug_funcs + mod->func_first;
	int i = find_le(funcs, mod->nfuncs, sizeof(funcs[0]), addr);

	if (i < 0 || addr - funcs[i].addr >= funcs[i].size)
		return false;
	info->eip_fn_name = kdebug_strings + funcs[i].name;
	info->eip_fn_namelen = strlen(info->eip_fn_name);
	info->eip_fn_addr = funcs[i].addr;
	return true;
}

/* Fill in the source line of addr in mod, if the table has one. */
static void
find_line(const struct kdebug_mod *mod, uintptr_t addr,
	  struct Eipdebuginfo *info)
{
	const struct kdebug_line *lines = kdebug_lines + mod->line_first;
	int i = find_le(lines, mod->nlines, sizeof(lines[0]), addr);

	if (i < 0 || lines[i].line == 0 || lines[i].file >= kdebug_nfiles)
		return;
	info->eip_file = kdebug_strings + kdebug_files[lines[i].file];
	info->eip_line = lines[i].line;
}

/* Look addr up in mod (which may be NULL); 0 if it is in a function. */
static int
lookup(const struct kdebug_mod *mod, uintptr_t addr, struct Eipdebuginfo *info)
{
	info->eip_file = "<unknown>";
	info->eip_line = 0;
	info->eip_fn_name = "<unknown>";
	info->eip_fn_namelen = 9;
	info->eip_fn_addr = addr;
	info->eip_fn_narg = 0;

	if (mod == NULL)
		return -1;
	find_line(mod, addr, info);
	return find_function(mod, addr, info) ? 0 : -1;
}

/*
 * Look up addr exactly as given.  To name the call instruction of a
 * return address, callers pass the return address minus one (see
 * mon_backtrace).  Two binary searches: O(log n), no locks, safe in a panic.
 */
int
debuginfo_eip(uintptr_t addr, struct Eipdebuginfo *info)
{
	/* The kernel is the first module of a non-empty table. */
	return lookup(kdebug_nmods > 0 ? &kdebug_mods[0] : NULL, addr, info);
}

/* FNV-1a hash of n bytes at p, as tools/mkdebugtab.py computes it. */
static uint32_t
fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 0x811C9DC5;

	while (n-- > 0)
		h = (h ^ *p++) * 0x01000193;
	return h;
}

/* Whether env's code is mod's: its text is mapped and hashes the same.
 * Reads env's memory through the current page directory. */
static bool
runs_module(struct Env *env, const struct kdebug_mod *mod)
{
	const void *text = (const void *) mod->text_va;

	return mod->text_len > 0 &&
	       user_mem_check(env, text, mod->text_len, PTE_U) == 0 &&
	       fnv1a(text, mod->text_len) == mod->text_hash;
}

/*
 * Like debuginfo_eip, for a user address in env, which must be the env
 * whose page directory is loaded.  The env's program is recognized by its
 * code; the answer is cached for the last env asked about, whose code
 * cannot change (user text is read-only).  Caller holds the kernel lock.
 */
int
debuginfo_user_eip(struct Env *env, uintptr_t addr, struct Eipdebuginfo *info)
{
	static envid_t cached_env;
	static const struct kdebug_mod *cached_mod;

	assert(kernel_lock_held());
	if (env->env_id != cached_env) {
		cached_env = env->env_id;
		cached_mod = NULL;
		for (uint32_t i = 1; i < kdebug_nmods && !cached_mod; i++)
			if (runs_module(env, &kdebug_mods[i]))
				cached_mod = &kdebug_mods[i];
	}
	return lookup(cached_mod, addr, info);
}
