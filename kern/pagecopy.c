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

#include <kern/pagecopy.h>

#define CPUID_FXSR	(1u << 24)
#define CPUID_SSE2	(1u << 26)

/* Whether the boot CPU has SSE2, and so every CPU does. */
static bool have_sse2;

/* page_copy_sse2 (kern/pagecopy_sse2.S) */
void page_copy_sse2(void *dst, const void *src);

/* Turn SSE on in this CPU's %cr4 if the CPUs have it.  Called on every
 * CPU, the boot CPU first, before any env runs. */
void
page_copy_init_percpu(void)
{
	static bool probed;
	uint32_t edx;

	if (!probed) {
		cpuid(1, NULL, NULL, NULL, &edx);
		have_sse2 = (edx & (CPUID_FXSR | CPUID_SSE2)) ==
			    (CPUID_FXSR | CPUID_SSE2);
		probed = true;
	}
	if (have_sse2)
		lcr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

/* Copy the page at kernel address src to dst (both page-aligned). */
void
page_copy(void *dst, const void *src)
{
	if (have_sse2)
		page_copy_sse2(dst, src);
	else
		memcpy(dst, src, PGSIZE);
}
