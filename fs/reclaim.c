/*
 * Start-up repair of the bitmap.  The order of writes (file.c) keeps the
 * tree on the disk consistent at every instant, but a power cut between
 * marking a block used and writing the pointer to it, or between clearing
 * a pointer and marking its block free, leaves a block marked used that
 * nothing names.  Here, before serving anything, the server walks the
 * tree, marks every block it names used and every other block free.
 */
#include "fs.h"

/* One bit per block, set when the tree names it: bitmap_pages pages. */
#define NAMED		((uint32_t *) 0x0D000000)

static uint32_t named_twice;

static uint32_t
bitmap_pages(void)
{
	return (super->s_nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
}

/* Note that the tree names block b, which must be in use from now on
 * (before it is read: the cache refuses to read a free block).  Returns
 * false for a number that names no block a file may have. */
static bool
name_block(uint32_t b)
{
	if (b < 2 + bitmap_pages() || b >= super->s_nblocks)
		return false;
	if (NAMED[b / 32] & (1U << (b % 32)))
		named_twice++;
	NAMED[b / 32] |= 1U << (b % 32);
	if (block_is_free(b)) {
		bitmap[b / 32] &= ~(1U << (b % 32));
		flush_block(&bitmap[b / 32]);
	}
	return true;
}

static void name_file_blocks(struct File *f);

/* Name block b of a file of type type; for a directory, its entries' blocks
 * too. */
static void
name_data_block(uint32_t b, uint32_t type)
{
	struct File *g;

	if (!name_block(b) || type != FTYPE_DIR)
		return;
	g = diskaddr(b);
	for (int i = 0; i < BLKFILES; i++)
		if (g[i].f_name[0] != '\0')
			name_file_blocks(&g[i]);
}

/* Name every block f names. */
static void
name_file_blocks(struct File *f)
{
	for (int i = 0; i < NDIRECT; i++)
		if (f->f_direct[i])
			name_data_block(f->f_direct[i], f->f_type);
	if (f->f_indirect && name_block(f->f_indirect)) {
		uint32_t *ind = diskaddr(f->f_indirect);

		for (int i = 0; i < NINDIRECT; i++)
			if (ind[i])
				name_data_block(ind[i], f->f_type);
	}
}

/* Make the bitmap say exactly which blocks the tree names, and say what
 * changed. */
void
fs_reclaim(void)
{
	uint32_t freed = 0;
	int r;

	for (uint32_t i = 0; i < bitmap_pages(); i++)
		if ((r = sys_page_alloc(0, (char *) NAMED + i * PGSIZE,
					PTE_P | PTE_U | PTE_W)) < 0)
			panic("fs_reclaim: %e", r);
	name_file_blocks(&super->s_root);
	for (uint32_t b = 2 + bitmap_pages(); b < super->s_nblocks; b++) {
		if (!(NAMED[b / 32] & (1U << (b % 32))) && !block_is_free(b)) {
			bitmap[b / 32] |= 1U << (b % 32);
			flush_block(&bitmap[b / 32]);
			freed++;
		}
	}
	for (uint32_t i = 0; i < bitmap_pages(); i++)
		sys_page_unmap(0, (char *) NAMED + i * PGSIZE);
	if (freed)
		cprintf("fs: %u blocks no file named are free again\n", freed);
	if (named_twice)
		cprintf("fs: %u blocks are named twice\n", named_twice);
}
