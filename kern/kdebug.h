/* Source-level information about kernel code addresses, read from a table
 * generated from the kernel's DWARF data at build time. */
#ifndef JOS_KERN_KDEBUG_H
#define JOS_KERN_KDEBUG_H

#include <inc/types.h>

struct Eipdebuginfo {
	const char *eip_file;		/* source file, e.g. "kern/init.c" */
	int eip_line;			/* source line */
	const char *eip_fn_name;	/* function name, NUL-terminated */
	int eip_fn_namelen;		/* length of eip_fn_name */
	uintptr_t eip_fn_addr;		/* start of the function */
	int eip_fn_narg;		/* unknown: always 0 */
};

/*
 * Fill *info for code address addr.  Returns 0 when the address is inside
 * a known function, -1 otherwise (info then holds "<unknown>" values).
 */
int debuginfo_eip(uintptr_t addr, struct Eipdebuginfo *info);

struct Env;

/*
 * The same for user address addr in env, from the symbols of the embedded
 * user program env runs (recognized by its code).  env's page directory
 * must be the one loaded.  Caller holds the kernel lock.
 */
int debuginfo_user_eip(struct Env *env, uintptr_t addr,
		       struct Eipdebuginfo *info);

#endif
