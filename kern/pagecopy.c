/*
 * Copying a whole page, the heart of a copy-on-write fault.  Under QEMU
 * (TCG) every guest load and store goes through a software TLB lookup,
 * so the copy costs what its number of memory accesses costs: 64-bit
 * SSE2 moves need half as many as 32-bit ones and make the copy about
 * 1.6x faster.  ("rep movsl", which QEMU runs one element at a time,
 * and 128-bit moves are both slower.)
 */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/string.h>

#include <kern/fpu.h>
#include <kern/pagecopy.h>

/* kern/pagecopy_sse2.S */
void page_copy_sse2(void *dst, const void *src);

/* Copy the page at kernel address src to dst (both page-aligned).  The
 * SSE registers may belong to any env, and CR0.TS may be set (kern/fpu.c):
 * the copy preserves the registers and clears TS only while it runs. */
void
page_copy(void *dst, const void *src)
{
	uint32_t cr0;

	if (!fpu_sse2) {
		memcpy(dst, src, PGSIZE);
		return;
	}
	cr0 = rcr0();
	if (cr0 & CR0_TS)
		clts();
	page_copy_sse2(dst, src);
	if (cr0 & CR0_TS)
		lcr0(cr0);
}
