/*
 * The disk: programmed I/O to the primary IDE controller, by polling.
 * Every wait is bounded, so a missing or failing disk gives an error,
 * never a hang.  The server may use in and out because the kernel runs
 * it with IOPL 3.
 */
#include <inc/x86.h>

#include "fs.h"

#define IDE_DATA	0x1F0
#define IDE_NSECT	0x1F2
#define IDE_LBA0	0x1F3
#define IDE_LBA1	0x1F4
#define IDE_LBA2	0x1F5
#define IDE_DRIVE	0x1F6	/* 0xE0: LBA mode; bit 4 selects the disk */
#define IDE_STATUS	0x1F7	/* read */
#define IDE_CMD		0x1F7	/* write */

#define IDE_BSY		0x80
#define IDE_DRDY	0x40
#define IDE_DF		0x20
#define IDE_DRQ		0x08
#define IDE_ERR		0x01

#define IDE_CMD_READ	0x20
#define IDE_CMD_WRITE	0x30

/* Status polls before a disk counts as not answering.  A working disk
 * answers in a handful; this is seconds of polling. */
#define IDE_TIMEOUT	1000000

static int diskno = 1;

/*
 * Wait until the selected disk is not busy and has the status bits want
 * set.  Returns 0, -E_NOT_FOUND if it never gets there, or -E_FAULT if it
 * reports an error or a drive fault.
 */
static int
ide_poll(uint8_t want)
{
	for (int i = 0; i < IDE_TIMEOUT; i++) {
		uint8_t s = inb(IDE_STATUS);

		if (s & IDE_BSY)
			continue;
		if (s & (IDE_DF | IDE_ERR))
			return -E_FAULT;
		if ((s & want) == want)
			return 0;
	}
	return -E_NOT_FOUND;
}

/* ide_poll, saying on the console what went wrong. */
static int
ide_wait(uint8_t want)
{
	int r = ide_poll(want);

	if (r == -E_NOT_FOUND)
		cprintf("ide: disk %d does not answer\n", diskno);
	else if (r < 0)
		cprintf("ide: disk %d reports an error (status %02x)\n", diskno,
			inb(IDE_STATUS));
	return r;
}

/* Is there a disk 1 (primary slave)?  Prints the answer, as the classic
 * server does. */
bool
ide_probe_disk1(void)
{
	bool present;

	outb(IDE_DRIVE, 0xE0 | (1 << 4));
	present = ide_poll(IDE_DRDY) == 0;
	cprintf("Device 1 presence: %d\n", present);
	return present;
}

/* Use disk 0 or disk 1 from now on. */
void
ide_set_disk(int d)
{
	if (d != 0 && d != 1)
		panic("bad disk number %d", d);
	diskno = d;
}

/* Start command cmd on nsecs (1..256) sectors from LBA secno. */
static int
ide_start(uint8_t cmd, uint32_t secno, size_t nsecs)
{
	int r;

	if (nsecs == 0 || nsecs > 256 || secno >= (1 << 28) ||
	    secno + nsecs > (1 << 28))
		return -E_INVAL;
	/* Select the disk first: the status port is the selected disk's. */
	outb(IDE_DRIVE, 0xE0 | (diskno << 4) | ((secno >> 24) & 0x0F));
	if ((r = ide_wait(IDE_DRDY)) < 0)
		return r;
	outb(IDE_NSECT, nsecs & 0xFF);	/* 0 means 256 */
	outb(IDE_LBA0, secno & 0xFF);
	outb(IDE_LBA1, (secno >> 8) & 0xFF);
	outb(IDE_LBA2, (secno >> 16) & 0xFF);
	outb(IDE_CMD, cmd);
	return 0;
}

/* Read nsecs sectors from LBA secno into dst.  Returns 0 or an error. */
int
ide_read(uint32_t secno, void *dst, size_t nsecs)
{
	int r = ide_start(IDE_CMD_READ, secno, nsecs);

	for (; r == 0 && nsecs > 0; nsecs--, dst = (char *) dst + SECTSIZE)
		if ((r = ide_wait(IDE_DRQ)) == 0)
			insl(IDE_DATA, dst, SECTSIZE / 4);
	return r;
}

/* Write nsecs sectors from src to LBA secno, and wait until the disk has
 * taken them.  Returns 0 or an error. */
int
ide_write(uint32_t secno, const void *src, size_t nsecs)
{
	int r = ide_start(IDE_CMD_WRITE, secno, nsecs);

	for (; r == 0 && nsecs > 0; nsecs--, src = (const char *) src + SECTSIZE)
		if ((r = ide_wait(IDE_DRQ)) == 0)
			outsl(IDE_DATA, src, SECTSIZE / 4);
	return r == 0 ? ide_wait(IDE_DRDY) : r;
}
