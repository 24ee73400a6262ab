/* The PCI bus: found at boot, each function attached to its driver
 * (kern/pci.c). */
#ifndef JOS_KERN_PCI_H
#define JOS_KERN_PCI_H

#include <inc/types.h>

/* One function of a device on the bus, as the scan found it; the BARs
 * are filled in by pci_func_enable. */
struct pci_func {
	uint32_t bus;
	uint32_t dev;
	uint32_t func;

	uint32_t dev_id;		/* PCI_ID_REG: device and vendor */
	uint32_t dev_class;		/* PCI_CLASS_REG */

	uint32_t reg_base[6];		/* each BAR's address, 0 if none */
	uint32_t reg_size[6];		/* and its size in bytes */
	uint8_t irq_line;
};

/* A driver of the attach table: called for a function whose vendor and
 * device ids match; returns > 0 if it took the function, 0 if not, or a
 * negative error. */
struct pci_driver {
	uint16_t vendor;
	uint16_t device;
	int (*attachfn)(struct pci_func *f);
};

void pci_init(void);
void pci_func_enable(struct pci_func *f);

#endif
