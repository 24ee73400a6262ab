/*
 * The server's start-up self-checks of block allocation and files, on
 * /newmotd, whatever its contents: each prints its line only if what it
 * checks works.  They leave the disk as they found it.  Scratch memory
 * is borrowed from the unused pages from 0x1000 up.
 */
#include "fs.h"

#define SCRATCH		((char *) PGSIZE)

/* Map n bytes of zeroed scratch pages at SCRATCH. */
static void
scratch_map(size_t n)
{
	for (size_t off = 0; off < n; off += PGSIZE) {
		int r = sys_page_alloc(0, SCRATCH + off, PTE_P | PTE_U | PTE_W);

		if (r < 0)
			panic("fs_test: scratch page: %e", r);
	}
}

static void
scratch_unmap(size_t n)
{
	for (size_t off = 0; off < n; off += PGSIZE)
		sys_page_unmap(0, SCRATCH + off);
}

/* A block taken from the bitmap is marked in use, and free again after
 * free_block; on a full disk, alloc_block says so. */
static void
check_alloc_block(void)
{
	uint32_t nbitmap = (super->s_nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
	uint32_t *before = (uint32_t *) SCRATCH;
	int b;

	scratch_map(nbitmap * BLKSIZE);
	memmove(before, bitmap, nbitmap * BLKSIZE);
	if ((b = alloc_block()) == -E_NO_DISK) {
		for (uint32_t i = 0; i < super->s_nblocks; i++)
			assert(!block_is_free(i));
	} else {
		if (b < 0)
			panic("alloc_block: %e", b);
		assert(before[b / 32] & (1U << (b % 32)));
		assert(!(bitmap[b / 32] & (1U << (b % 32))));
		assert(!block_is_free(b));
		free_block(b);
		assert(block_is_free(b));
	}
	assert(memcmp(before, bitmap, nbitmap * BLKSIZE) == 0);
	scratch_unmap(nbitmap * BLKSIZE);
	cprintf("alloc_block is good\n");
}

void
fs_test(void)
{
	struct File *f;
	char *blk;
	size_t size, first;
	int r;

	check_alloc_block();

	if ((r = file_open("/not-found", &f)) != -E_NOT_FOUND)
		panic("file_open /not-found: got %e, want %e", r, -E_NOT_FOUND);
	if ((r = file_open("/newmotd", &f)) < 0)
		panic("file_open /newmotd: %e", r);
	cprintf("file_open is good\n");

	/* Block 0 through the file must be block f_direct[0] on disk. */
	size = f->f_size;
	first = MIN(size, (size_t) BLKSIZE);
	if ((r = file_get_block(f, 0, &blk)) < 0)
		panic("file_get_block: %e", r);
	scratch_map(size + BLKSIZE);
	if ((r = ide_read(f->f_direct[0] * BLKSECTS, SCRATCH, BLKSECTS)) < 0)
		panic("fs_test: reading /newmotd's first block: %e", r);
	assert(blk == diskaddr(f->f_direct[0]));
	assert(memcmp(blk, SCRATCH, first) == 0);
	cprintf("file_get_block is good\n");

	*(volatile char *) blk = *(volatile char *) blk;
	assert(va_is_dirty(blk));
	file_flush(f);
	assert(!va_is_dirty(blk));
	cprintf("file_flush is good\n");

	/* Keep the whole file, truncate it, and write it back. */
	assert(file_read(f, SCRATCH, size, 0) == (ssize_t) size);
	if ((r = file_set_size(f, 0)) < 0)
		panic("file_set_size: %e", r);
	assert(f->f_size == 0 && f->f_direct[0] == 0);
	assert(!va_is_dirty(f));
	cprintf("file_truncate is good\n");

	if ((r = file_write(f, SCRATCH, size, 0)) != (ssize_t) size)
		panic("file_write: %e", r);
	file_flush(f);
	assert(f->f_size == (off_t) size && !va_is_dirty(f));
	memset(SCRATCH + size, 0, BLKSIZE);
	assert(file_read(f, SCRATCH + size, BLKSIZE, 0) == (ssize_t) first);
	assert(memcmp(SCRATCH, SCRATCH + size, first) == 0);
	scratch_unmap(size + BLKSIZE);
	cprintf("file rewrite is good\n");
}
