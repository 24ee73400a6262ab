/*
 * Kernel code address -> function, file and line, from the table that
 * tools/mkdebugtab.py generates out of the kernel's own symbols and DWARF
 * line program and that the build links into section .kdebug.
 */

#include <inc/types.h>
#include <inc/string.h>
#include <kern/kdebug.h>

/* The table's layout; see tools/mkdebugtab.py. */
struct kdebug_func {
	uintptr_t addr;
	uint32_t size;		/* bytes of code */
	uint32_t name;		/* offset in kdebug_strings */
};

struct kdebug_line {
	uintptr_t addr;
	uint16_t file;		/* index in kdebug_files */
	uint16_t line;		/* 0: no source for these addresses */
};

extern const uint32_t kdebug_nfuncs, kdebug_nlines, kdebug_nfiles;
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

/* Fill in the function containing addr; false if there is none. */
static bool
find_function(uintptr_t addr, struct Eipdebuginfo *info)
{
	int i = find_le(kdebug_funcs, kdebug_nfuncs, sizeof(kdebug_funcs[0]),
			addr);
	const struct kdebug_func *f;

	if (i < 0)
		return false;
	f = &kdebug_funcs[i];
	if (addr - f->addr >= f->size)
		return false;
	info->eip_fn_name = kdebug_strings + f->name;
	info->eip_fn_namelen = strlen(info->eip_fn_name);
	info->eip_fn_addr = f->addr;
	return true;
}

/* Fill in the source line of addr, if the table has one. */
static void
find_line(uintptr_t addr, struct Eipdebuginfo *info)
{
	int i = find_le(kdebug_lines, kdebug_nlines, sizeof(kdebug_lines[0]),
			addr);
	const struct kdebug_line *l;

	if (i < 0)
		return;
	l = &kdebug_lines[i];
	if (l->line == 0 || l->file >= kdebug_nfiles)
		return;
	info->eip_file = kdebug_strings + kdebug_files[l->file];
	info->eip_line = l->line;
}

/*
 * Look up addr exactly as given.  To name the call instruction of a
 * return address, callers pass the return address minus one (see
 * mon_backtrace).  Two binary searches: O(log n), no locks, safe in a panic.
 */
int
debuginfo_eip(uintptr_t addr, struct Eipdebuginfo *info)
{
	info->eip_file = "<unknown>";
	info->eip_line = 0;
	info->eip_fn_name = "<unknown>";
	info->eip_fn_namelen = 9;
	info->eip_fn_addr = addr;
	info->eip_fn_narg = 0;

	find_line(addr, info);
	return find_function(addr, info) ? 0 : -1;
}
