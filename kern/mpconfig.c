/* Discovery of the machine's processors from the BIOS's MultiProcessor
 * Specification (v1.4) tables. */

#include <inc/assert.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/pmap.h>

struct CpuInfo cpus[NCPU];
int ncpu;
struct CpuInfo *bootcpu;
physaddr_t lapicaddr;

/* The MP floating pointer structure: locates the configuration table. */
struct mp_fptr {
	uint8_t signature[4];		/* "_MP_" */
	physaddr_t conf_pa;		/* configuration table, or 0 */
	uint8_t length;			/* in 16-byte units: 1 */
	uint8_t spec_rev;
	uint8_t checksum;		/* all bytes sum to 0 */
	uint8_t default_config;		/* nonzero: no table (unsupported) */
	uint8_t features;		/* bit 7: IMCR present */
	uint8_t reserved[3];
} __attribute__((packed));

#define MP_FEATURE_IMCR	0x80

/* The MP configuration table header; its entries follow it. */
struct mp_conf {
	uint8_t signature[4];		/* "PCMP" */
	uint16_t length;		/* base table, header included */
	uint8_t version;		/* 1 (spec 1.1) or 4 (spec 1.4) */
	uint8_t checksum;		/* base table bytes sum to 0 */
	uint8_t oem_product[20];
	physaddr_t oem_table;
	uint16_t oem_length;
	uint16_t nentries;
	physaddr_t lapic_pa;		/* where every CPU sees its LAPIC */
	uint16_t ext_length;		/* extended table after the base */
	uint8_t ext_checksum;		/* extended bytes plus this sum to 0 */
	uint8_t reserved;
	uint8_t entries[];
} __attribute__((packed));

/* A processor entry.  Every other entry type is 8 bytes long. */
struct mp_proc {
	uint8_t type;			/* MPE_PROC */
	uint8_t apic_id;
	uint8_t apic_version;
	uint8_t flags;
	uint8_t cpu_signature[4];
	uint32_t feature_flags;
	uint8_t reserved[8];
} __attribute__((packed));

#define MPPROC_ENABLED	0x01
#define MPPROC_BSP	0x02

/* Configuration table entry types. */
enum {
	MPE_PROC = 0,
	MPE_BUS,
	MPE_IOAPIC,
	MPE_IOINTR,
	MPE_LINTR,
};
#define MPE_OTHER_SIZE	8

/* The BIOS data area words that locate the structure's search areas. */
#define BDA_EBDA_SEG	0x40E	/* real-mode segment of the EBDA */
#define BDA_BASEMEM_KB	0x413	/* KiB of base memory */

static uint8_t
sum(const void *addr, size_t len)
{
	const uint8_t *p = addr;
	uint8_t s = 0;
	size_t i;

	for (i = 0; i < len; i++)
		s += p[i];
	return s;
}

/* Look for a valid floating pointer in physical [pa, pa+len), which must
 * lie in mapped physical memory.  Returns it, or NULL. */
static struct mp_fptr *
mp_search_range(physaddr_t pa, size_t len)
{
	struct mp_fptr *p = KADDR(pa);
	struct mp_fptr *end = KADDR(pa + len - sizeof(*p));

	/* The structure is always 16-byte aligned. */
	for (; p <= end; p++)
		if (memcmp(p->signature, "_MP_", 4) == 0 &&
		    sum(p, sizeof(*p)) == 0)
			return p;
	return NULL;
}

/* Find the floating pointer where the spec says a BIOS may put it:
 * the first KiB of the EBDA, the last KiB of base memory, or the BIOS
 * ROM, tried in that order.  Returns NULL if the machine has none. */
static struct mp_fptr *
mp_search(void)
{
	uint16_t ebda_seg = *(uint16_t *) KADDR(BDA_EBDA_SEG);
	uint16_t base_kb = *(uint16_t *) KADDR(BDA_BASEMEM_KB);
	struct mp_fptr *mp;

	if (ebda_seg &&
	    (mp = mp_search_range((physaddr_t) ebda_seg << 4, 1024)))
		return mp;
	if (base_kb && (mp = mp_search_range(base_kb * 1024 - 1024, 1024)))
		return mp;
	return mp_search_range(0xE0000, 0x20000);
}

/* Find and validate the MP configuration table.  Returns it and stores
 * the floating pointer in *pmp, or returns NULL if there is no usable
 * table (including the spec's "default configurations", which we do not
 * support). */
static struct mp_conf *
mp_config(struct mp_fptr **pmp)
{
	struct mp_fptr *mp;
	struct mp_conf *conf;

	if (!(mp = mp_search()))
		return NULL;
	if (mp->conf_pa == 0 || mp->default_config != 0) {
		cprintf("SMP: default configurations not supported\n");
		return NULL;
	}
	conf = KADDR(mp->conf_pa);
	if (memcmp(conf->signature, "PCMP", 4) != 0) {
		cprintf("SMP: bad MP configuration table signature\n");
		return NULL;
	}
	if (sum(conf, conf->length) != 0) {
		cprintf("SMP: bad MP configuration table checksum\n");
		return NULL;
	}
	if (conf->version != 1 && conf->version != 4) {
		cprintf("SMP: unsupported MP version %d\n", conf->version);
		return NULL;
	}
	if ((uint8_t) (sum((uint8_t *) conf + conf->length, conf->ext_length)
		       + conf->ext_checksum) != 0) {
		cprintf("SMP: bad MP extended table checksum\n");
		return NULL;
	}
	*pmp = mp;
	return conf;
}

/* Record one processor entry as the next CPU, unless there are already
 * NCPU of them or the BIOS marked it unusable. */
static void
mp_add_cpu(const struct mp_proc *proc)
{
	if (!(proc->flags & MPPROC_ENABLED))
		return;
	if (ncpu >= NCPU) {
		warn("SMP: more than %d CPUs; ignoring APIC id %d",
		     NCPU, proc->apic_id);
		return;
	}
	/* CPUs get indexes in table order; their APIC ids need not be
	 * 0, 1, ... (one per package, say, on a multi-core machine). */
	if (proc->flags & MPPROC_BSP)
		bootcpu = &cpus[ncpu];
	cpus[ncpu].cpu_id = ncpu;
	cpus[ncpu].cpu_apicid = proc->apic_id;
	ncpu++;
}

/* Walk the table's entries, recording CPUs.  Returns false if an entry
 * has an unknown type (the rest of the table cannot be parsed). */
static bool
mp_parse(const struct mp_conf *conf)
{
	const uint8_t *p = conf->entries;
	int i;

	for (i = 0; i < conf->nentries; i++) {
		switch (*p) {
		case MPE_PROC:
			mp_add_cpu((const struct mp_proc *) p);
			p += sizeof(struct mp_proc);
			break;
		case MPE_BUS:
		case MPE_IOAPIC:
		case MPE_IOINTR:
		case MPE_LINTR:
			p += MPE_OTHER_SIZE;
			break;
		default:
			cprintf("SMP: unknown MP table entry type %d\n", *p);
			return false;
		}
	}
	return true;
}

/*
 * Find the machine's CPUs and the LAPIC address from the MP tables and
 * fill cpus[], ncpu, bootcpu and lapicaddr.  Without usable tables, run
 * on one CPU with no LAPIC (lapicaddr = 0).  Called once by the boot CPU
 * after mem_init (it reads physical memory through KADDR).
 */
void
mp_init(void)
{
	struct mp_fptr *mp;
	struct mp_conf *conf;

	bootcpu = &cpus[0];
	if (!(conf = mp_config(&mp)) || !mp_parse(conf) || ncpu == 0) {
		cprintf("SMP: no usable MP configuration; one CPU only\n");
		ncpu = 1;
		lapicaddr = 0;
		bootcpu = &cpus[0];
	} else {
		lapicaddr = conf->lapic_pa;
		/* PIC mode wires the 8259As straight to the boot CPU's
		 * INTR pin; the IMCR switches them to the local APICs. */
		if (mp->features & MP_FEATURE_IMCR) {
			outb(0x22, 0x70);
			outb(0x23, inb(0x23) | 1);
		}
	}
	bootcpu->cpu_status = CPU_STARTED;
	cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);
}
