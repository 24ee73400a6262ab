/*
 * The boot sector's second half: load the kernel and start it.
 *
 * The boot disk holds this boot sector in sector 0 and the kernel, an ELF
 * executable, from sector 1 on.  bootmain reads the ELF header, copies
 * each loadable segment to its physical address, zeroes the part of the
 * segment the file does not hold, and jumps to the entry point with paging
 * still off.  The disk is the primary IDE master, read by polling: no BIOS,
 * no interrupts.
 */
#include <inc/types.h>
#include <inc/elf.h>
#include <inc/x86.h>

#define SECTSIZE	512
#define KERNEL_SECT	1		/* the kernel's first sector */
/* One page of scratch memory, well clear of the boot sector and the
 * kernel, for the ELF header and the program headers after it. */
#define ELFHDR		((struct Elf *) 0x10000)
#define ELFHDR_SIZE	4096

/* Primary IDE controller ports and status bits. */
#define IDE_DATA	0x1F0
#define IDE_NSECT	0x1F2
#define IDE_LBA0	0x1F3
#define IDE_LBA1	0x1F4
#define IDE_LBA2	0x1F5
#define IDE_DRIVE	0x1F6
#define IDE_STATUS	0x1F7		/* read */
#define IDE_CMD		0x1F7		/* write */
#define IDE_BSY		0x80
#define IDE_DRDY	0x40
#define IDE_LBA_MASTER	0xE0		/* LBA addressing, drive 0 */
#define IDE_READ_MULTIPLE 0xC4
#define IDE_SET_MULTIPLE 0xC6
/* Sectors per data request, set by SET MULTIPLE MODE (QEMU and Bochs take
 * up to 16).  QEMU goes to the host file once per request, and on a busy
 * host each trip waits for its threads to be scheduled: at one sector a
 * request, loading the kernel was most of a boot's time. */
#define MULTIPLE	16

/* Wait until the disk is ready for a command. */
static void
wait_disk(void)
{
	while ((inb(IDE_STATUS) & (IDE_BSY | IDE_DRDY)) != IDE_DRDY)
		;
}

/* Send command cmd with sector count n and LBA sect to the disk. */
static void
disk_command(uint8_t cmd, uint32_t n, uint32_t sect)
{
	wait_disk();
	outb(IDE_NSECT, n);
	outb(IDE_LBA0, sect);
	outb(IDE_LBA1, sect >> 8);
	outb(IDE_LBA2, sect >> 16);
	outb(IDE_DRIVE, (sect >> 24) | IDE_LBA_MASTER);
	outb(IDE_CMD, cmd);
}

/*
 * Copy len bytes at offset off of the kernel file to physical address pa,
 * MULTIPLE sectors to a command.  Reads whole sectors, so it also
 * overwrites the off % SECTSIZE bytes below pa and the rest of the last
 * sector; the kernel's segments are page-aligned in the file and in
 * memory, so those bytes are free.
 */
static void
read_kernel(uint32_t pa, uint32_t len, uint32_t off)
{
	uint32_t end = pa + len;
	uint32_t sect = KERNEL_SECT + off / SECTSIZE;

	for (pa -= off % SECTSIZE; pa < end;) {
		uint32_t n = MIN((end - pa + SECTSIZE - 1) / SECTSIZE, MULTIPLE);

		disk_command(IDE_READ_MULTIPLE, n, sect);
		wait_disk();
		insl(IDE_DATA, (void *) pa, n * SECTSIZE / 4);
		pa += n * SECTSIZE;
		sect += n;
	}
}

/* Set len bytes at physical address pa to zero. */
static void
zero(uint32_t pa, uint32_t len)
{
	asm volatile("cld; rep stosb"
		     : "+D" (pa), "+c" (len) : "a" (0) : "memory", "cc");
}

/* Load the kernel and jump to it.  Returns only if there is no kernel. */
void
bootmain(void)
{
	struct Proghdr *ph, *eph;

	disk_command(IDE_SET_MULTIPLE, MULTIPLE, 0);
	read_kernel((uint32_t) ELFHDR, ELFHDR_SIZE, 0);
	if (ELFHDR->e_magic != ELF_MAGIC)
		return;

	ph = (struct Proghdr *) ((uint8_t *) ELFHDR + ELFHDR->e_phoff);
	eph = ph + ELFHDR->e_phnum;
	for (; ph < eph; ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		read_kernel(ph->p_pa, ph->p_filesz, ph->p_offset);
		zero(ph->p_pa + ph->p_filesz, ph->p_memsz - ph->p_filesz);
	}

	((void (*)(void)) ELFHDR->e_entry)();
}
