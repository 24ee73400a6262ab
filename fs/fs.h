/*
 * The file server's own interface between its parts: the disk (ide.c),
 * the block cache (bc.c), the free-block bitmap (bitmap.c), the file
 * system as a whole (fs.c), files (file.c), directories and paths
 * (dir.c) and the self-checks (test.c).  serv.c serves requests with
 * them.  The names the classic fs/test.c uses are kept, so that it
 * compiles against this header.
 */
#ifndef JOS_FS_FS_H
#define JOS_FS_FS_H

#include <inc/fs.h>
#include <inc/lib.h>

#define SECTSIZE	512			/* bytes per disk sector */
#define BLKSECTS	(BLKSIZE / SECTSIZE)	/* sectors per block */

/* Block n of the disk is cached at DISKMAP + n * BLKSIZE, so the largest
 * disk the server can handle is DISKSIZE bytes. */
#define DISKMAP		0x10000000
#define DISKSIZE	0xC0000000

extern struct Super *super;	/* block 1, in the cache */
extern uint32_t *bitmap;	/* block 2 on, in the cache; 1 bit = free */

/* ide.c */
bool ide_probe_disk1(void);
void ide_set_disk(int diskno);
int ide_read(uint32_t secno, void *dst, size_t nsecs);
int ide_write(uint32_t secno, const void *src, size_t nsecs);

/* bc.c */
void *diskaddr(uint32_t blockno);
bool va_is_dirty(void *va);	/* va_is_mapped: inc/lib.h */
void flush_block(void *addr);
void bc_init(void);
int bc_reserve_fill(void);

/* bitmap.c */
bool block_is_free(uint32_t blockno);
int alloc_block(void);
void free_block(uint32_t blockno);
void free_blocks(const uint32_t *blocks, uint32_t n);
void check_bitmap(void);

/* fs.c */
void fs_init(void);
void fs_sync(void);

/* file.c */
int file_get_block(struct File *f, uint32_t filebno, char **blk);
ssize_t file_read(struct File *f, void *buf, size_t count, off_t offset);
ssize_t file_write(struct File *f, const void *buf, size_t count,
		   off_t offset);
int file_set_size(struct File *f, off_t newsize);
void file_flush(struct File *f);
void file_write_back(struct File *f, bool all);
void file_flush_holder(struct File *f);

/* dir.c */
int file_open(const char *path, struct File **pf);
int file_create(const char *path, struct File **pf, uint32_t type);
int file_remove(const char *path, struct File **removed);

/* powercut.c (test-only) */
void powercut_init(void);
void powercut_arm(void);
void powercut_count(void);
void powercut_note_sync(void);

/* reclaim.c */
void fs_reclaim(void);

/* test.c */
void fs_test(void);

#endif
