/*
 * The driver of the Intel 82540EM network card (QEMU's e1000), polled,
 * copying every frame.
 *
 * Two rings of descriptors in kernel memory, each descriptor pointing at
 * a buffer of its own.  Transmit: the kernel fills the descriptor at the
 * tail (TDT) and moves the tail on; the card sends from the head (TDH)
 * up to the tail and sets each descriptor's DD bit when done with it, so
 * a descriptor without DD still belongs to the card.  Receive: the card
 * fills descriptors from the head (RDH) up to, not including, the tail
 * (RDT), setting DD; the kernel takes the one after the tail and makes
 * it the new tail, which hands it back.  docs/e1000.md has a picture.
 * Callers hold the kernel lock.
 */
#include <inc/string.h>
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/assert.h>

#include <kern/e1000.h>
#include <kern/pci.h>
#include <kern/pmap.h>
#include <kern/spinlock.h>

_Static_assert(sizeof(struct e1000_tx_desc) == 16, "16-byte descriptors");
_Static_assert(sizeof(struct e1000_rx_desc) == 16, "16-byte descriptors");
_Static_assert(E1000_NTX % 8 == 0 && E1000_NRX % 8 == 0,
	       "ring lengths must be multiples of 128 bytes");
_Static_assert(E1000_BUFSIZE >= E1000_MAX_FRAME && PGSIZE % E1000_BUFSIZE == 0,
	       "a buffer holds a frame and never crosses a page");

/* The card's registers (BAR0), once e1000_attach has mapped them. */
volatile uint32_t *e1000;

/* The rings and their buffers.  The card reads and writes them by DMA at
 * their physical addresses, below 4 GiB: the kernel's own memory. */
volatile struct e1000_tx_desc e1000_tx_ring[E1000_NTX]
	__attribute__((aligned(PGSIZE)));
uint8_t e1000_tx_buf[E1000_NTX][E1000_BUFSIZE]
	__attribute__((aligned(PGSIZE)));
volatile struct e1000_rx_desc e1000_rx_ring[E1000_NRX]
	__attribute__((aligned(PGSIZE)));
uint8_t e1000_rx_buf[E1000_NRX][E1000_BUFSIZE]
	__attribute__((aligned(PGSIZE)));

/* The register at byte offset off. */
#define E1000_REG(off)	(e1000[(off) / 4])

/*
 * The PCI attach function of the 82540EM: enable it, map its registers,
 * set up both rings.  Returns 1 (the card is taken).  At boot.
 */
int
e1000_attach(struct pci_func *f)
{
	/* LAB 6: enable the PCI function, map BAR0 with mmio_map_region,
	 * print the device status register, then initialise transmission
	 * and reception. */
	pci_func_enable(f);
	e1000 = mmio_map_region(f->reg_base[0], f->reg_size[0]);
	cprintf("e1000: status %08x\n", E1000_REG(E1000_STATUS));
	e1000_tx_init();
	e1000_rx_init();
	return 1;
	/* END LAB 6 */
}

/* Give the card the transmit ring, every descriptor free (DD set), and
 * turn transmission on. */
void
e1000_tx_init(void)
{
	/* LAB 6: point each descriptor at its buffer, marked done; set
	 * the ring's base, length, head and tail; then TCTL (enable, pad
	 * short packets, collision threshold and distance) and TIPG. */
	int i;

	for (i = 0; i < E1000_NTX; i++) {
		e1000_tx_ring[i].addr = PADDR(e1000_tx_buf[i]);
		e1000_tx_ring[i].status = E1000_TXD_STAT_DD;
	}
	E1000_REG(E1000_TDBAL) = PADDR((void *) e1000_tx_ring);
	E1000_REG(E1000_TDBAH) = 0;
	E1000_REG(E1000_TDLEN) = sizeof(e1000_tx_ring);
	E1000_REG(E1000_TDH) = 0;
	E1000_REG(E1000_TDT) = 0;
	E1000_REG(E1000_TCTL) = E1000_TCTL_EN | E1000_TCTL_PSP |
				E1000_TCTL_CT(0x10) | E1000_TCTL_COLD(0x40);
	E1000_REG(E1000_TIPG) = E1000_TIPG_IPGT(10) | E1000_TIPG_IPGR1(8) |
				E1000_TIPG_IPGR2(6);
	/* END LAB 6 */
}

/*
 * Queue the len bytes at frame (kernel or checked user memory; 1 to
 * E1000_MAX_FRAME) for transmission: copied, so the caller may reuse its
 * buffer at once.  Returns 0, -E_AGAIN if the ring is full (the card
 * still owns the descriptor at the tail), or -E_NOT_SUPP with no card.
 */
int
e1000_transmit(const void *frame, size_t len)
{
	assert(kernel_lock_held());
	if (!e1000)
		return -E_NOT_SUPP;
	assert(len > 0 && len <= E1000_MAX_FRAME);
	/* LAB 6: fill the descriptor at the tail unless the card still
	 * owns it (DD clear), then move the tail on. */
	uint32_t tail = E1000_REG(E1000_TDT);
	volatile struct e1000_tx_desc *d = &e1000_tx_ring[tail];

	if (!(d->status & E1000_TXD_STAT_DD))
		return -E_AGAIN;
	memcpy(e1000_tx_buf[tail], frame, len);
	d->length = len;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
	d->status = 0;
	E1000_REG(E1000_TDT) = (tail + 1) % E1000_NTX;
	return 0;
	/* END LAB 6 */
}

/* LAB 6: helpers for e1000_rx_init, if you want some. */
/* The 16-bit word at addr of the card's EEPROM. */
static uint16_t
e1000_eeprom_read(uint8_t addr)
{
	uint32_t r;

	E1000_REG(E1000_EERD) = E1000_EERD_ADDR(addr) | E1000_EERD_START;
	while (!((r = E1000_REG(E1000_EERD)) & E1000_EERD_DONE))
		;
	return E1000_EERD_DATA(r);
}
/* END LAB 6 */

/* Program the card's MAC address (from its EEPROM) as the one it accepts,
 * give it the receive ring, every descriptor free, and turn reception
 * on, with the CRC stripped from every frame. */
void
e1000_rx_init(void)
{
	/* LAB 6: read the MAC address from the EEPROM (words 0 to 2)
	 * into RAL0 and RAH0 (address valid), clear the multicast table,
	 * point each descriptor at its buffer; set the ring's base,
	 * length, head (0) and tail (the last descriptor); then RCTL:
	 * enable, accept broadcast, 2048-byte buffers, strip the CRC. */
	uint16_t mac[3];
	int i;

	for (i = 0; i < 3; i++)
		mac[i] = e1000_eeprom_read(i);
	E1000_REG(E1000_RAL0) = mac[0] | (uint32_t) mac[1] << 16;
	E1000_REG(E1000_RAH0) = mac[2] | E1000_RAH_AV;
	for (i = 0; i < E1000_MTA_WORDS; i++)
		E1000_REG(E1000_MTA + 4 * i) = 0;
	for (i = 0; i < E1000_NRX; i++) {
		e1000_rx_ring[i].addr = PADDR(e1000_rx_buf[i]);
		e1000_rx_ring[i].status = 0;
	}
	E1000_REG(E1000_RDBAL) = PADDR((void *) e1000_rx_ring);
	E1000_REG(E1000_RDBAH) = 0;
	E1000_REG(E1000_RDLEN) = sizeof(e1000_rx_ring);
	E1000_REG(E1000_RDH) = 0;
	E1000_REG(E1000_RDT) = E1000_NRX - 1;
	E1000_REG(E1000_RCTL) = E1000_RCTL_EN | E1000_RCTL_BAM |
				E1000_RCTL_BSIZE_2048 | E1000_RCTL_SECRC;
	/* END LAB 6 */
}

/*
 * Copy the next received frame into buf (kernel or checked user memory
 * of size bytes) and hand its descriptor back to the card.  Returns the
 * frame's length, -E_AGAIN if none has arrived, -E_INVAL if it is longer
 * than size (it stays, for a call with a bigger buffer), or -E_NOT_SUPP
 * with no card.
 */
int
e1000_receive(void *buf, size_t size)
{
	assert(kernel_lock_held());
	if (!e1000)
		return -E_NOT_SUPP;
	/* LAB 6: take the descriptor after the tail if the card is done
	 * with it (DD set): copy the frame out, clear its status and make
	 * it the new tail. */
	uint32_t next = (E1000_REG(E1000_RDT) + 1) % E1000_NRX;
	volatile struct e1000_rx_desc *d = &e1000_rx_ring[next];
	size_t len;

	if (!(d->status & E1000_RXD_STAT_DD))
		return -E_AGAIN;
	len = d->length;
	if (len > size)
		return -E_INVAL;
	memcpy(buf, e1000_rx_buf[next], len);
	d->status = 0;
	E1000_REG(E1000_RDT) = next;
	return len;
	/* END LAB 6 */
}
