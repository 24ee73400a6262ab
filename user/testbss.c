/*
 * testbss: checks that the loader zeroes the BSS and maps all of it, then
 * writes one page past its end.  Output: "Making sure bss works right...",
 * "Yes, good.  Now doing a wild write off the end...", then the kernel's
 * "user fault va 00c..... ip 008....." as the env is destroyed.  A panic
 * line means the BSS was wrong or the wild write did not fault.
 */
#include <inc/lib.h>

/* 4 MiB of BSS: the array ends near 0x00c02000. */
#define ARRAYSIZE (1024 * 1024)

static uint32_t bigarray[ARRAYSIZE];

void
umain(int argc, char **argv)
{
	int i;

	cprintf("Making sure bss works right...\n");
	for (i = 0; i < ARRAYSIZE; i++)
		if (bigarray[i] != 0)
			panic("bigarray[%d] isn't cleared!", i);
	for (i = 0; i < ARRAYSIZE; i++)
		bigarray[i] = i;
	for (i = 0; i < ARRAYSIZE; i++)
		if (bigarray[i] != i)
			panic("bigarray[%d] didn't hold its value!", i);

	cprintf("Yes, good.  Now doing a wild write off the end...\n");
	/* One page beyond the end: no program byte lives there.  Computed
	 * as an integer, which compilers do not bounds-check. */
	*(volatile uint32_t *) ((uintptr_t) bigarray +
				(ARRAYSIZE + 1024) * sizeof(uint32_t)) = 0;
	panic("SHOULD HAVE TRAPPED!!!");
}
