/* The local APIC: per-CPU interrupt delivery, the per-CPU timer that
 * drives preemption, and the inter-processor interrupts that start APs. */

#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/types.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/kclock.h>
#include <kern/pmap.h>

/* Register offsets, in 32-bit words from the LAPIC base. */
#define ID	(0x0020 / 4)	/* local APIC id, in bits 31-24 */
#define VER	(0x0030 / 4)	/* version; bits 23-16: last LVT entry */
#define TPR	(0x0080 / 4)	/* task priority */
#define EOI	(0x00B0 / 4)	/* end of interrupt */
#define SVR	(0x00F0 / 4)	/* spurious interrupt vector */
#define ESR	(0x0280 / 4)	/* error status */
#define ICRLO	(0x0300 / 4)	/* interrupt command, low word */
#define ICRHI	(0x0310 / 4)	/* interrupt command, destination */
#define TIMER	(0x0320 / 4)	/* LVT: timer */
#define PCINT	(0x0340 / 4)	/* LVT: performance counter overflow */
#define LINT0	(0x0350 / 4)	/* LVT: local interrupt pin 0 */
#define LINT1	(0x0360 / 4)	/* LVT: local interrupt pin 1 */
#define ERROR	(0x0370 / 4)	/* LVT: internal error */
#define TICR	(0x0380 / 4)	/* timer initial count */
#define TDCR	(0x03E0 / 4)	/* timer divide configuration */

/* Register bits. */
#define SVR_ENABLE	0x00000100	/* software-enable the APIC */
#define ICR_FIXED	0x00000000	/* delivery modes */
#define ICR_INIT	0x00000500
#define ICR_STARTUP	0x00000600
#define ICR_BUSY	0x00001000	/* delivery status: send pending */
#define ICR_ASSERT	0x00004000	/* level: assert (else de-assert) */
#define ICR_LEVEL	0x00008000	/* trigger mode: level */
#define ICR_ALL		0x00080000	/* destination shorthands */
#define ICR_OTHERS	0x000C0000
#define LVT_EXTINT	0x00000700	/* deliver the 8259A's vector */
#define LVT_MASKED	0x00010000
#define TIMER_PERIODIC	0x00020000
#define TDCR_X1		0x0000000B	/* timer counts at bus frequency */

/* Timer initial count.  QEMU's APIC timer counts at 1 GHz, so this is
 * a 100 Hz tick there; on real hardware it is a guess at the bus clock. */
#define TIMER_COUNT	10000000

/* The CMOS shutdown status byte, and the code that makes the BIOS jump
 * through the warm reset vector at 40:67 after an INIT. */
#define CMOS_SHUTDOWN		0x0F
#define SHUTDOWN_WARM_JMP	0x0A
#define WARM_RESET_VECTOR	0x467

/* The LAPIC's registers, mapped uncached by lapic_init; NULL before. */
static volatile uint32_t *lapic;

/* Write LAPIC register idx, then read a register back so the write has
 * reached the device before we go on. */
static void
lapicw(int idx, uint32_t value)
{
	lapic[idx] = value;
	(void) lapic[ID];
}

/* Wait roughly us microseconds: a read of the unused diagnostic port
 * 0x84 takes about a microsecond on PC hardware. */
static void
microdelay(int us)
{
	while (us-- > 0)
		(void) inb(0x84);
}

/* Wait until the LAPIC has sent the last IPI. */
static void
icr_wait(void)
{
	while (lapic[ICRLO] & ICR_BUSY)
		asm volatile("pause");
}

/* Send an IPI: hi selects the destination, lo the kind and vector. */
static void
send_ipi(uint32_t hi, uint32_t lo)
{
	lapicw(ICRHI, hi);
	lapicw(ICRLO, lo);
	icr_wait();
}

/*
 * Map (on first use) and set up this CPU's LAPIC: enable it, start the
 * periodic timer, route its errors, mask the pins nobody uses, and let
 * the boot CPU keep receiving the 8259A's interrupts (keyboard, serial)
 * through LINT0.  Does nothing on a machine without MP tables.  Called
 * by every CPU, with interrupts disabled; the boot CPU calls it first.
 */
void
lapic_init(void)
{
	if (!lapicaddr)
		return;
	if (!lapic)
		lapic = mmio_map_region(lapicaddr, PGSIZE);
	/* mmio_map_region returns NULL in the earlier labs' handouts:
	 * then the boot CPU runs alone, without a timer. */
	if (!lapic)
		return;

	lapicw(SVR, SVR_ENABLE | (IRQ_OFFSET + IRQ_SPURIOUS));

	lapicw(TDCR, TDCR_X1);
	lapicw(TIMER, TIMER_PERIODIC | (IRQ_OFFSET + IRQ_TIMER));
	lapicw(TICR, TIMER_COUNT);

	/* Only one CPU may accept the 8259A's interrupts. */
	if (thiscpu == bootcpu)
		lapicw(LINT0, LVT_EXTINT);
	else
		lapicw(LINT0, LVT_MASKED);
	lapicw(LINT1, LVT_MASKED);
	/* The performance counter entry exists from LVT entry 4 on. */
	if (((lapic[VER] >> 16) & 0xFF) >= 4)
		lapicw(PCINT, LVT_MASKED);

	lapicw(ERROR, IRQ_OFFSET + IRQ_ERROR);
	/* The ESR latches errors on a write; two writes clear it. */
	lapicw(ESR, 0);
	lapicw(ESR, 0);

	/* Drop any interrupt left in service from before we took over. */
	lapicw(EOI, 0);

	/* A broadcast INIT de-assert resets every LAPIC's arbitration id
	 * to its APIC id, without resetting any CPU. */
	send_ipi(0, ICR_ALL | ICR_INIT | ICR_LEVEL);

	/* Accept interrupts of every priority. */
	lapicw(TPR, 0);
}

/* The running CPU's index in cpus[], found by its LAPIC's id: cpunum's
 * slow path, for code not running on a per-CPU kernel stack.  The boot
 * CPU's until the LAPIC is mapped (only the boot CPU runs then). */
int
lapic_cpunum(void)
{
	uint8_t id;

	if (lapic) {
		id = lapic[ID] >> 24;
		for (int i = 0; i < ncpu; i++)
			if (cpus[i].cpu_apicid == id)
				return i;
	}
	/* Only CPUs of the MP table run the kernel (boot_aps starts no
	 * other), so this is the boot CPU before the LAPIC is mapped. */
	return bootcpu ? bootcpu - cpus : 0;
}

/* Acknowledge the interrupt being handled, so the LAPIC delivers the
 * next one of equal or lower priority. */
void
lapic_eoi(void)
{
	if (lapic)
		lapicw(EOI, 0);
}

/*
 * Start the AP with LAPIC id apicid running real-mode code at physical
 * address addr (page-aligned, below 1 MiB), by the universal start-up
 * algorithm: an INIT, then two STARTUPs.  The BIOS warm-reset vector is
 * pointed at addr too, for CPUs that run the BIOS after INIT.  Called by
 * the boot CPU only.
 */
void
lapic_startap(uint8_t apicid, uint32_t addr)
{
	uint16_t *wrv = KADDR(WARM_RESET_VECTOR);
	int i;

	if (!lapic)
		panic("lapic_startap: the LAPIC is not mapped (mmio_map_region)");

	mc146818_write(CMOS_SHUTDOWN, SHUTDOWN_WARM_JMP);
	wrv[0] = 0;
	wrv[1] = addr >> 4;

	send_ipi(apicid << 24, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
	microdelay(200);
	send_ipi(apicid << 24, ICR_INIT | ICR_LEVEL);
	microdelay(10000);

	/* A STARTUP's vector is the page number of the code. */
	for (i = 0; i < 2; i++) {
		send_ipi(apicid << 24, ICR_STARTUP | (addr >> 12));
		microdelay(200);
	}
}

/* Send interrupt vector to every CPU but this one. */
void
lapic_ipi(int vector)
{
	send_ipi(0, ICR_OTHERS | ICR_FIXED | vector);
}
