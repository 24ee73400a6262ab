/* Access to the MC146818 real-time clock's registers and NVRAM. */

#include <inc/x86.h>
#include <kern/kclock.h>

/* The chip exposes its registers through an index port (IO_RTC) that
 * selects a register and a data port (IO_RTC+1) that reads or writes it. */

/* Return the byte in RTC register reg. */
unsigned
mc146818_read(unsigned reg)
{
	outb(IO_RTC, reg);
	return inb(IO_RTC + 1);
}

/* Store the low byte of datum in RTC register reg. */
void
mc146818_write(unsigned reg, unsigned datum)
{
	outb(IO_RTC, reg);
	outb(IO_RTC + 1, datum);
}
