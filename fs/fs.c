/* The file system as a whole: finding the disk, checking the superblock
 * and bitmap at start-up, and writing everything back. */
#include "fs.h"

struct Super *super;

/* Check that block 1 holds a JOS file system this server can serve. */
static void
check_super(struct Super *s)
{
	if (s->s_magic != FS_MAGIC)
		panic("bad file system magic number %08x", s->s_magic);
	if (s->s_nblocks > DISKSIZE / BLKSIZE)
		panic("file system is too large: %u blocks", s->s_nblocks);
	if (s->s_nblocks < 3)
		panic("file system is too small: %u blocks", s->s_nblocks);
	if (s->s_root.f_type != FTYPE_DIR)
		panic("the root is not a directory");
	cprintf("superblock is good\n");
}

/* Find the disk (disk 1 if there is one, else disk 0), start the block
 * cache and check the superblock and the bitmap.  Panics with a line
 * saying what is wrong if the disk is missing or not a file system. */
void
fs_init(void)
{
	struct Super *s;

	ide_set_disk(ide_probe_disk1() ? 1 : 0);
	powercut_init();
	bc_init();

	s = diskaddr(1);
	check_super(s);
	super = s;
	bitmap = diskaddr(2);
	check_bitmap();
	fs_reclaim();
}

/* Write every dirty block of the file tree to the disk, each after what
 * it names (file.c), the superblock last.  The bitmap is never dirty:
 * its changes are written at once. */
void
fs_sync(void)
{
	file_write_back(&super->s_root, true);
	file_flush_holder(&super->s_root);
	powercut_note_sync();
}
