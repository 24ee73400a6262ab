/* The legacy 8259A interrupt controllers (kern/picirq.c).  The kernel
 * routes interrupts through the local APIC, but the PICs must still be
 * set up and masked so that they raise nothing unexpected. */
#ifndef JOS_KERN_PICIRQ_H
#define JOS_KERN_PICIRQ_H

#include <inc/types.h>

#define MAX_IRQS	16
#define IO_PIC1		0x20	/* master */
#define IO_PIC2		0xA0	/* slave */
#define IRQ_SLAVE	2	/* the master's input the slave is wired to */

extern uint16_t irq_mask_8259A;
void pic_init(void);
void irq_setmask_8259A(uint16_t mask);

#endif
