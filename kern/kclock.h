/* The MC146818 real-time clock's NVRAM, where the BIOS records how much
 * memory the machine has (kern/kclock.c). */
#ifndef JOS_KERN_KCLOCK_H
#define JOS_KERN_KCLOCK_H

#define IO_RTC		0x070

#define MC_NVRAM_START	0xe

/* NVRAM byte offsets: memory sizes in KiB, low byte then high byte. */
#define NVRAM_BASELO	(MC_NVRAM_START + 7)	/* base memory */
#define NVRAM_BASEHI	(MC_NVRAM_START + 8)
#define NVRAM_EXTLO	(MC_NVRAM_START + 9)	/* memory above 1 MiB */
#define NVRAM_EXTHI	(MC_NVRAM_START + 10)
#define NVRAM_EXT16LO	(MC_NVRAM_START + 38)	/* memory above 16 MiB */
#define NVRAM_EXT16HI	(MC_NVRAM_START + 39)	/* in 64 KiB units */

unsigned mc146818_read(unsigned reg);
void mc146818_write(unsigned reg, unsigned datum);

#endif
