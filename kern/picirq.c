/* The two cascaded 8259A programmable interrupt controllers.
 *
 * The master's output reaches the boot CPU through its local APIC's
 * LINT0 pin (ExtINT), which is how the keyboard (IRQ 1) and serial
 * (IRQ 4) interrupts arrive.  Every other device interrupt stays masked. */

#include <inc/assert.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/picirq.h>
#include <kern/spinlock.h>

/* Initialization command words (see the 8259A data sheet). */
#define ICW1_INIT	0x10	/* start initialization */
#define ICW1_NEED_ICW4	0x01
#define ICW4_8086	0x01	/* 8086 mode, not MCS-80 */
#define ICW4_AUTO_EOI	0x02	/* end an interrupt on its acknowledge */
/* Operation command word 3: reads of the command port return the IRR. */
#define OCW3_READ_IRR	0x0A

/* Mask of disabled IRQs (bit n set = IRQ n masked).  Only the cascade
 * input is open until a driver asks for its line. */
uint16_t irq_mask_8259A = 0xFFFF & ~(1 << IRQ_SLAVE);

/* Whether pic_init has run: until then the mask is only recorded. */
static bool pic_ready;

/* Program one chip: vector base, cascade wiring, auto-EOI mode.
 * The kernel never sends an EOI to the PICs, so both run in auto-EOI. */
static void
pic_program(int port, uint8_t vector_base, uint8_t cascade)
{
	outb(port, ICW1_INIT | ICW1_NEED_ICW4);
	outb(port + 1, vector_base);
	outb(port + 1, cascade);
	outb(port + 1, ICW4_8086 | ICW4_AUTO_EOI);
	outb(port, OCW3_READ_IRR);
}

/*
 * Remap the PICs so IRQ n arrives at vector IRQ_OFFSET+n (clear of the
 * CPU exceptions), then apply the mask recorded so far.  Called once by
 * the boot CPU with interrupts disabled.
 */
void
pic_init(void)
{
	/* Silence both chips while they are reprogrammed. */
	outb(IO_PIC1 + 1, 0xFF);
	outb(IO_PIC2 + 1, 0xFF);

	/* The master learns which input has a slave (a bit mask); the slave
	 * learns which master input it drives (a number). */
	pic_program(IO_PIC1, IRQ_OFFSET, 1 << IRQ_SLAVE);
	pic_program(IO_PIC2, IRQ_OFFSET + 8, IRQ_SLAVE);

	pic_ready = true;
	irq_setmask_8259A(irq_mask_8259A);
}

/*
 * Make mask the set of disabled IRQs (bit n = IRQ n).  Before pic_init
 * the mask is only remembered; afterwards it is written to the chips and
 * the enabled IRQs are listed on the console.  Caller holds the kernel
 * lock (or is the boot CPU during boot).
 */
void
irq_setmask_8259A(uint16_t mask)
{
	int irq;

	assert(kernel_lock_held());
	irq_mask_8259A = mask;
	if (!pic_ready)
		return;
	outb(IO_PIC1 + 1, (uint8_t) mask);
	outb(IO_PIC2 + 1, (uint8_t) (mask >> 8));

	cprintf("enabled interrupts:");
	for (irq = 0; irq < MAX_IRQS; irq++)
		if (!(mask & (1 << irq)))
			cprintf(" %d", irq);
	cprintf("\n");
}
