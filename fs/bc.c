/*
 * The block cache: the whole disk appears at DISKMAP, block n at
 * DISKMAP + n * BLKSIZE.  A block is read in by the page-fault handler
 * the first time it is touched; the page's dirty bit (set by the MMU,
 * read through uvpt) says whether it must be written back, and
 * flush_block writes it and remaps the page, which clears the bit.
 * Nothing is evicted while memory lasts: the disk is small next to it.
 *
 * When memory runs out (another program may take every free page), the
 * server must still answer, with -E_NO_MEM if need be, never panic.  It
 * keeps a reserve of RESERVE_PAGES pages, refilled before each request
 * (bc_reserve_fill; a request it cannot refill for is refused), and a
 * fault when the kernel is nearly out of pages takes a reserve page, or
 * the page of a clean cached block (which the disk holds anyway),
 * instead of asking the kernel.
 */
#include "fs.h"

/* Address of block blockno in the cache.  Panics on block 0 (never
 * file data: a 0 block number means "none") or one past the disk. */
void *
diskaddr(uint32_t blockno)
{
	if (blockno == 0 || (super && blockno >= super->s_nblocks))
		panic("bad block number %08x in diskaddr", blockno);
	return (char *) (DISKMAP + blockno * BLKSIZE);
}

/* Has the mapped page at va been written since it was read or flushed? */
bool
va_is_dirty(void *va)
{
	return (uvpt[PGNUM(va)] & PTE_D) != 0;
}

/* Map the page at va again with its own permissions: rewriting the PTE
 * clears its dirty bit, and the page stays what it was. */
static void
mark_clean(void *va)
{
	int r = sys_page_map(0, va, 0, va, uvpt[PGNUM(va)] & PTE_SYSCALL);

	if (r < 0)
		panic("marking block at %08x clean: %e", (uintptr_t) va, r);
}

/* Read in the block a fault in the cache touched.  Any other fault is a
 * bug in the server: panic. */
static void
bc_pgfault(struct UTrapframe *utf)
{
	/* LAB 5: read the block the fault is in from the disk into a
	 * fresh page at its place in the cache, leaving the page clean;
	 * panic on a fault outside the cache or on a block that does
	 * not exist or is free. */
	void *addr = (void *) utf->utf_fault_va;
	uint32_t blockno = ((uintptr_t) addr - DISKMAP) / BLKSIZE;
	int r;

	if ((uintptr_t) addr < DISKMAP || (uintptr_t) addr >= DISKMAP + DISKSIZE)
		panic("page fault in the file server: va %08x, eip %08x, err %x",
		      (uintptr_t) addr, utf->utf_eip, utf->utf_err);
	if (super && blockno >= super->s_nblocks)
		panic("reading non-existent block %08x", blockno);

	addr = ROUNDDOWN(addr, BLKSIZE);
	if ((r = sys_page_alloc(0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("block cache: no page for block %08x: %e", blockno, r);
	if ((r = ide_read(blockno * BLKSECTS, addr, BLKSECTS)) < 0)
		panic("disk read of block %08x failed: %e", blockno, r);
	mark_clean(addr);

	/* A free block has no business being read: something points to
	 * it that should not. */
	if (bitmap && block_is_free(blockno))
		panic("reading free block %08x", blockno);
	/* END LAB 5 */
}

/* Write the block holding addr to the disk if it is cached and dirty,
 * and mark it clean. */
void
flush_block(void *addr)
{
	/* LAB 5: write the block back to the disk if it is cached and
	 * dirty, then mark it clean. */
	uint32_t blockno = ((uintptr_t) addr - DISKMAP) / BLKSIZE;
	int r;

	if ((uintptr_t) addr < DISKMAP || (uintptr_t) addr >= DISKMAP + DISKSIZE)
		panic("flush_block of bad va %08x", (uintptr_t) addr);
	addr = ROUNDDOWN(addr, BLKSIZE);
	if (!va_is_mapped(addr) || !va_is_dirty(addr))
		return;
	if ((r = ide_write(blockno * BLKSECTS, addr, BLKSECTS)) < 0)
		panic("disk write of block %08x failed: %e", blockno, r);
	mark_clean(addr);
	/* END LAB 5 */
}

/*
 * Check the cache on the superblock: a change survives a flush and an
 * eviction (the block is read back from the disk), a flush cleans the
 * page, and remapping a page in place keeps its contents.  Leaves block 1
 * as it found it, on disk too.
 */
static void
check_bc(void)
{
	struct Super backup;
	char *blk = diskaddr(1);

	memmove(&backup, blk, sizeof backup);

	strcpy(blk, "OOPS!\n");
	assert(va_is_dirty(blk));
	flush_block(blk);
	assert(va_is_mapped(blk));
	assert(!va_is_dirty(blk));

	/* Evict; the next touch must read the flushed bytes from disk. */
	sys_page_unmap(0, blk);
	assert(!va_is_mapped(blk));
	assert(strcmp(blk, "OOPS!\n") == 0);
	assert(!va_is_dirty(blk));

	/* mark_clean must not lose the page's contents. */
	strcpy(blk, "again\n");
	mark_clean(blk);
	assert(strcmp(blk, "again\n") == 0);
	assert(!va_is_dirty(blk));

	memmove(blk, &backup, sizeof backup);
	flush_block(blk);
	sys_page_unmap(0, blk);
	assert(memcmp(blk, &backup, sizeof backup) == 0);

	cprintf("block cache is good\n");
}

/* Pages the server keeps for faults when the kernel has none: more than
 * one request ever needs at once (a write dirties at most two data
 * blocks, the indirect block, the block holding the struct File and a
 * bitmap block; whatever else it touches is clean and can be evicted). */
#define RESERVE_PAGES	16
#define RESERVE		((char *) 0x0C000000)	/* slot i: RESERVE + i pages */
/* Below this many free pages in the kernel, a fault takes no page from
 * it: between counting and allocating, other CPUs may take a few. */
#define LOW_WATER	(4 * RESERVE_PAGES)

static int nreserve;		/* slots 0 .. nreserve - 1 are mapped */
static uint32_t evict_next;	/* where the search for a victim goes on */

/* Move the page of some clean cached data block (not the superblock or
 * the bitmap, which the fault handler itself reads) other than keep to
 * dst.  Returns false if there is none. */
static bool
evict_clean(void *dst, void *keep)
{
	uint32_t first, n;

	if (!super || !bitmap)
		return false;
	first = 2 + (super->s_nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
	n = super->s_nblocks - first;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t b = first + (evict_next + i) % n;
		char *blk = (char *) DISKMAP + b * BLKSIZE;

		if (blk == keep || !va_is_mapped(blk) || va_is_dirty(blk))
			continue;
		if (sys_page_map(0, blk, 0, dst, PTE_P | PTE_U | PTE_W) < 0)
			return false;
		sys_page_unmap(0, blk);
		evict_next = b - first + 1;
		return true;
	}
	return false;
}

/* Fill the reserve up, from the kernel or, if it has no page, from clean
 * cached blocks.  Returns 0, or -E_NO_MEM if it cannot be filled: then
 * the next request must not be served. */
int
bc_reserve_fill(void)
{
	while (nreserve < RESERVE_PAGES) {
		char *slot = RESERVE + nreserve * PGSIZE;

		if (sys_page_alloc(0, slot, PTE_P | PTE_U | PTE_W) < 0 &&
		    !evict_clean(slot, NULL))
			return -E_NO_MEM;
		nreserve++;
	}
	return 0;
}

/* Read block blockno in at addr into a page of the reserve (or of a clean
 * block, if the reserve is empty), leaving it clean. */
static void
bc_fill_low(void *addr, uint32_t blockno)
{
	char *slot;
	int r;

	if (nreserve == 0) {
		if (!evict_clean(RESERVE, addr))
			panic("block cache: no page for block %08x, none to evict",
			      blockno);
		nreserve = 1;
	}
	slot = RESERVE + --nreserve * PGSIZE;
	if ((r = sys_page_map(0, slot, 0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("block cache: mapping block %08x: %e", blockno, r);
	sys_page_unmap(0, slot);
	if ((r = ide_read(blockno * BLKSECTS, addr, BLKSECTS)) < 0)
		panic("disk read of block %08x failed: %e", blockno, r);
	mark_clean(addr);
}

/* The server's page-fault handler: bc_pgfault, unless the fault is in the
 * cache and the kernel is nearly out of pages. */
static void
bc_fault(struct UTrapframe *utf)
{
	uintptr_t va = utf->utf_fault_va;

	if (va >= DISKMAP && va < DISKMAP + DISKSIZE &&
	    (!super || (va - DISKMAP) / BLKSIZE < super->s_nblocks) &&
	    jos_sys_page_free_count() < LOW_WATER)
		bc_fill_low(ROUNDDOWN((void *) va, BLKSIZE),
			    (va - DISKMAP) / BLKSIZE);
	else
		bc_pgfault(utf);
}

/* Start the cache: install the fault handler, check it and fill the
 * reserve. */
void
bc_init(void)
{
	set_pgfault_handler(bc_fault);
	check_bc();
	bc_reserve_fill();
}
