/*
 * The block cache: the whole disk appears at DISKMAP, block n at
 * DISKMAP + n * BLKSIZE.  A block is read in by the page-fault handler
 * the first time it is touched; the page's dirty bit (set by the MMU,
 * read through uvpt) says whether it must be written back, and
 * flush_block writes it and remaps the page, which clears the bit.
 * Nothing is ever evicted: the disk is small next to memory.
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

/* Is va mapped? */
bool
va_is_mapped(void *va)
{
	uintptr_t a = (uintptr_t) va;

	return (uvpd[PDX(a)] & PTE_P) && (uvpt[PGNUM(a)] & PTE_P);
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
}

/* Write the block holding addr to the disk if it is cached and dirty,
 * and mark it clean. */
void
flush_block(void *addr)
{
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

/* Start the cache: install the fault handler and check it. */
void
bc_init(void)
{
	set_pgfault_handler(bc_pgfault);
	check_bc();
}
