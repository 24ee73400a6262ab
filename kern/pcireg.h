/* PCI configuration space: the header registers and fields kern/pci.c
 * reads and writes (PCI Local Bus Specification, type 0 and 1 headers). */
#ifndef JOS_KERN_PCIREG_H
#define JOS_KERN_PCIREG_H

/* Configuration mechanism #1: write an address, then move the data. */
#define PCI_CONF_ADDR		0xcf8
#define PCI_CONF_DATA		0xcfc
#define PCI_CONF_ENABLE		0x80000000

/* Register offsets, each a 32-bit word. */
#define PCI_ID_REG		0x00	/* device id 31:16, vendor id 15:0 */
#define PCI_COMMAND_REG		0x04	/* status 31:16, command 15:0 */
#define PCI_CLASS_REG		0x08	/* class 31:24, subclass 23:16 */
#define PCI_BHLC_REG		0x0c	/* header type 23:16 */
#define PCI_BAR0_REG		0x10	/* six base address registers */
#define PCI_BAR_COUNT		6
#define PCI_BRIDGE_BUS_REG	0x18	/* type 1: secondary bus 15:8 */
#define PCI_INTERRUPT_REG	0x3c	/* interrupt line 7:0 */

#define PCI_VENDOR(id)		((id) & 0xffff)
#define PCI_PRODUCT(id)		(((id) >> 16) & 0xffff)
#define PCI_VENDOR_NONE		0xffff	/* no function at this address */
#define PCI_CLASS(c)		(((c) >> 24) & 0xff)
#define PCI_SUBCLASS(c)		(((c) >> 16) & 0xff)
#define PCI_HDRTYPE(bhlc)	(((bhlc) >> 16) & 0x7f)
#define PCI_MULTIFUNCTION(bhlc)	(((bhlc) >> 16) & 0x80)
#define PCI_HDRTYPE_BRIDGE	1	/* a PCI-to-PCI bridge */
#define PCI_SECONDARY_BUS(r)	(((r) >> 8) & 0xff)
#define PCI_INTERRUPT_LINE(r)	((r) & 0xff)

/* Command register bits. */
#define PCI_COMMAND_IO		0x0001	/* answer I/O space accesses */
#define PCI_COMMAND_MEM		0x0002	/* answer memory space accesses */
#define PCI_COMMAND_MASTER	0x0004	/* may start DMA (bus master) */

/* Base address register fields. */
#define PCI_BAR_IO		0x1	/* I/O space, not memory */
#define PCI_BAR_MEM_TYPE(b)	(((b) >> 1) & 0x3)
#define PCI_BAR_MEM_64		0x2	/* a 64-bit BAR: two registers */
#define PCI_BAR_IO_ADDR(b)	((b) & ~0x3u)
#define PCI_BAR_MEM_ADDR(b)	((b) & ~0xfu)

#define PCI_CLASS_BRIDGE	0x06
#define PCI_SUBCLASS_PCI_BRIDGE	0x04

#endif
