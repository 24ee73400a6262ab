/* The MC146818 real-time clock's NVRAM, where the BIOS records how much
 * memory the machine has (kern/kclock.c). */
#ifndef JOS_KERN_KCLOCK_H
#define JOS_KERN_KCLOCK_H

#define IO_RTC		0x070

#define MC_NVRAM_START	0xe

/* NVRAM byte offsets of the memory sizes, in KiB: each is a 16-bit
 * value, its low byte here and its high byte at the next offset. */
#define NVRAM_BASELO	(MC_NVRAM_START + 7)	/* base memory */
#define NVRAM_EXTLO	(MC_NVRAM_START + 9)	/* memory above 1 MiB */
#define NVRAM_EXT16LO	(MC_NVRAM_START + 38)	/* above 16 MiB, 64 KiB units */

unsigned mc146818_read(unsigned reg);
void mc146818_write(unsigned reg, unsigned datum);

#endif
