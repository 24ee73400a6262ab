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

#define IDE_CMD_READ		0x20
#define IDE_CMD_WRITE		0x30
#define IDE_CMD_READ_MULTIPLE	0xC4
#define IDE_CMD_WRITE_MULTIPLE	0xC5
#define IDE_CMD_SET_MULTIPLE	0xC6

/* Status polls before a disk counts as not answering.  A working disk
 * answers in a handful, but under an emulator on a busy host a write can
 * keep it busy for seconds: this is a minute or more of polling.  A
 * missing disk is found at once instead (ide_probe_disk1). */
#define IDE_TIMEOUT	30000000

/* Status bits that mean a failure: ERR tells of the last command only,
 * so a wait before a new one looks at DF (a drive fault) alone. */
#define BEFORE_COMMAND	IDE_DF
#define AFTER_COMMAND	(IDE_DF | IDE_ERR)

static int diskno = 1;
/* Sectors moved per data request: BLKSECTS once the disk has taken SET
 * MULTIPLE MODE, else 1.  A whole block per request matters under QEMU,
 * which goes to the host file once per request: a busy host makes each
 * trip slow, and a block is 8 of them in single-sector mode. */
static size_t multiple = 1;

/*
 * Wait until the selected disk is not busy and has the status bits want
 * set.  Returns 0, -E_NOT_FOUND if it never gets there, or -E_FAULT if it
 * shows one of the status bits failure (BEFORE_COMMAND or AFTER_COMMAND).
 */
static int
ide_poll(uint8_t want, uint8_t failure)
{
	for (int i = 0; i < IDE_TIMEOUT; i++) {
		uint8_t s = inb(IDE_STATUS);

		if (s & IDE_BSY)
			continue;
		if (s & failure)
			return -E_FAULT;
		if ((s & want) == want)
			return 0;
	}
	return -E_NOT_FOUND;
}

/* ide_poll, saying on the console what went wrong. */
static int
ide_wait(uint8_t want, uint8_t failure)
{
	int r = ide_poll(want, failure);

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
	uint8_t s;

	outb(IDE_DRIVE, 0xE0 | (1 << 4));
	/* No drive drives the status lines: they read as all zeros (QEMU)
	 * or all ones (a floating bus). */
	s = inb(IDE_STATUS);
	present = s != 0x00 && s != 0xFF &&
		  ide_poll(IDE_DRDY, BEFORE_COMMAND) == 0;
	cprintf("Device 1 presence: %d\n", present);
	return present;
}

/* Start command cmd with sector count nsecs (1..256) and LBA secno.
 * Returns 0, or an error if the disk is not ready for it. */
static int
ide_start(uint8_t cmd, uint32_t secno, size_t nsecs)
{
	int r;

	if (nsecs == 0 || nsecs > 256 || secno >= (1 << 28) ||
	    secno + nsecs > (1 << 28))
		return -E_INVAL;
	/* Select the disk first: the status port is the selected disk's. */
	outb(IDE_DRIVE, 0xE0 | (diskno << 4) | ((secno >> 24) & 0x0F));
	if ((r = ide_wait(IDE_DRDY, BEFORE_COMMAND)) < 0)
		return r;
	outb(IDE_NSECT, nsecs & 0xFF);	/* 0 means 256 */
	outb(IDE_LBA0, secno & 0xFF);
	outb(IDE_LBA1, (secno >> 8) & 0xFF);
	outb(IDE_LBA2, (secno >> 16) & 0xFF);
	outb(IDE_CMD, cmd);
	return 0;
}

/* Use disk 0 or disk 1 from now on, a block per data request if it can
 * do that. */
void
ide_set_disk(int d)
{
	if (d != 0 && d != 1)
		panic("bad disk number %d", d);
	diskno = d;
	multiple = 1;
	/* The sector count register carries the count to set; the LBA is
	 * unused.  A refusal is no error: single sectors still work. */
	if (ide_start(IDE_CMD_SET_MULTIPLE, 0, BLKSECTS) == 0 &&
	    ide_poll(IDE_DRDY, AFTER_COMMAND) == 0)
		multiple = BLKSECTS;
}

/* Move nsecs sectors between buf and the disk, from LBA secno on, a data
 * request per `multiple` of them.  Returns 0 or an error. */
static int
ide_transfer(bool write, uint32_t secno, char *buf, size_t nsecs)
{
	uint8_t single = write ? IDE_CMD_WRITE : IDE_CMD_READ;
	uint8_t multi = write ? IDE_CMD_WRITE_MULTIPLE : IDE_CMD_READ_MULTIPLE;
	int r = ide_start(multiple > 1 ? multi : single, secno, nsecs);

	for (size_t n; r == 0 && nsecs > 0; nsecs -= n, buf += n * SECTSIZE) {
		n = MIN(nsecs, multiple);
		if ((r = ide_wait(IDE_DRQ, AFTER_COMMAND)) < 0)
			break;
		if (write)
			outsl(IDE_DATA, buf, n * SECTSIZE / 4);
		else
			insl(IDE_DATA, buf, n * SECTSIZE / 4);
	}
	return r;
}

/* Read nsecs sectors from LBA secno into dst.  Returns 0 or an error. */
int
ide_read(uint32_t secno, void *dst, size_t nsecs)
{
	return ide_transfer(false, secno, dst, nsecs);
}

/* Write nsecs sectors from src to LBA secno, and wait until the disk has
 * taken them.  Returns 0 or an error. */
int
ide_write(uint32_t secno, const void *src, size_t nsecs)
{
	int r = ide_transfer(true, secno, (char *) src, nsecs);

	if (r == 0 && (r = ide_wait(IDE_DRDY, AFTER_COMMAND)) == 0)
		powercut_count();
	return r;
}
