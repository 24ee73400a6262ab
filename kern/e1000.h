/* The Intel 82540EM gigabit Ethernet card (QEMU's e1000): registers,
 * descriptors and the driver's entry points (kern/e1000.c).  Register
 * names and numbers are those of Intel's 8254x Software Developer's
 * Manual. */
#ifndef JOS_KERN_E1000_H
#define JOS_KERN_E1000_H

#include <inc/types.h>

struct pci_func;

#define E1000_DEV_ID_82540EM	0x100e

/* Register offsets in BAR0, in bytes; every register is 32 bits. */
#define E1000_STATUS	0x00008		/* device status */
#define E1000_EERD	0x00014		/* EEPROM read */
#define E1000_RCTL	0x00100		/* receive control */
#define E1000_TCTL	0x00400		/* transmit control */
#define E1000_TIPG	0x00410		/* transmit inter-packet gap */
#define E1000_RDBAL	0x02800		/* receive ring base, low 32 bits */
#define E1000_RDBAH	0x02804		/* and high */
#define E1000_RDLEN	0x02808		/* receive ring length, bytes */
#define E1000_RDH	0x02810		/* receive head */
#define E1000_RDT	0x02818		/* receive tail */
#define E1000_TDBAL	0x03800		/* transmit ring base, low 32 bits */
#define E1000_TDBAH	0x03804		/* and high */
#define E1000_TDLEN	0x03808		/* transmit ring length, bytes */
#define E1000_TDH	0x03810		/* transmit head */
#define E1000_TDT	0x03818		/* transmit tail */
#define E1000_MTA	0x05200		/* multicast table, 128 words */
#define E1000_RAL0	0x05400		/* receive address 0, low */
#define E1000_RAH0	0x05404		/* receive address 0, high */

#define E1000_MTA_WORDS	128

/* EERD fields (82540EM layout). */
#define E1000_EERD_START	0x00000001
#define E1000_EERD_DONE		0x00000010
#define E1000_EERD_ADDR(a)	((uint32_t) (a) << 8)
#define E1000_EERD_DATA(r)	((r) >> 16)

/* TCTL bits and fields. */
#define E1000_TCTL_EN		0x00000002	/* enable */
#define E1000_TCTL_PSP		0x00000008	/* pad short packets */
#define E1000_TCTL_CT(n)	((n) << 4)	/* collision threshold */
#define E1000_TCTL_COLD(n)	((n) << 12)	/* collision distance */

/* TIPG fields: the IEEE 802.3 gaps for the copper interface. */
#define E1000_TIPG_IPGT(n)	(n)
#define E1000_TIPG_IPGR1(n)	((n) << 10)
#define E1000_TIPG_IPGR2(n)	((n) << 20)

/* RCTL bits. */
#define E1000_RCTL_EN		0x00000002	/* enable */
#define E1000_RCTL_BAM		0x00008000	/* accept broadcast */
#define E1000_RCTL_BSIZE_2048	0x00000000	/* 2048-byte buffers */
#define E1000_RCTL_SECRC	0x04000000	/* strip the Ethernet CRC */

#define E1000_RAH_AV		0x80000000	/* address valid */

/* A legacy transmit descriptor. */
struct e1000_tx_desc {
	uint64_t addr;		/* physical address of the buffer */
	uint16_t length;	/* bytes to send from it */
	uint8_t cso;		/* checksum offset (unused) */
	uint8_t cmd;		/* E1000_TXD_CMD_* */
	uint8_t status;		/* E1000_TXD_STAT_*, written by the card */
	uint8_t css;		/* checksum start (unused) */
	uint16_t special;
} __attribute__((packed));

#define E1000_TXD_CMD_EOP	0x01	/* end of packet */
#define E1000_TXD_CMD_RS	0x08	/* report status: set DD when done */
#define E1000_TXD_STAT_DD	0x01	/* descriptor done */

/* A receive descriptor. */
struct e1000_rx_desc {
	uint64_t addr;		/* physical address of the buffer */
	uint16_t length;	/* bytes the card put there */
	uint16_t csum;		/* packet checksum (unused) */
	uint8_t status;		/* E1000_RXD_STAT_* */
	uint8_t errors;		/* nonzero: the frame is bad */
	uint16_t special;
} __attribute__((packed));

#define E1000_RXD_STAT_DD	0x01	/* descriptor done: a frame is here */

/* Ring sizes: descriptor counts a multiple of 8 (ring lengths a multiple
 * of 128 bytes); one buffer per descriptor, each holding a whole frame. */
#define E1000_NTX		64
#define E1000_NRX		128
#define E1000_BUFSIZE		2048

/* The longest frame on the wire, CRC included; software hands the card
 * and gets from it at most this many bytes. */
#define E1000_MAX_FRAME		1518

int e1000_attach(struct pci_func *f);
void e1000_tx_init(void);
void e1000_rx_init(void);
int e1000_transmit(const void *frame, size_t len);
int e1000_receive(void *buf, size_t size);

#endif
