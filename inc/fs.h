/*
 * The file system shared by the server (fs/), the client library
 * (lib/file.c) and fsformat: the on-disk format and the IPC protocol.
 * Both are classic JOS's (docs/compatibility.md), so images and programs
 * are interchangeable with classic JOS.
 */
#ifndef JOS_INC_FS_H
#define JOS_INC_FS_H

#include <inc/types.h>
#include <inc/mmu.h>

/* --- on disk ----------------------------------------------------------- */

#define BLKSIZE		PGSIZE
#define BLKBITSIZE	(BLKSIZE * 8)	/* blocks one bitmap block covers */

#define MAXNAMELEN	128	/* one path component, with its NUL */
#define MAXPATHLEN	1024	/* a whole path, with its NUL */

#define NDIRECT		10	/* block numbers in struct File itself */
#define NINDIRECT	(BLKSIZE / 4)	/* ... and in its indirect block */
#define MAXFILESIZE	((NDIRECT + NINDIRECT) * BLKSIZE)

/*
 * A file, as its directory entry.  Block numbers are absolute; 0 means
 * no block (block 0 is never data).  Data block i is f_direct[i] for
 * i < NDIRECT, else word i - NDIRECT of block f_indirect.
 */
struct File {
	char f_name[MAXNAMELEN];	/* "" in an empty directory slot */
	int32_t f_size;			/* bytes (an off_t, fixed width on disk) */
	uint32_t f_type;		/* FTYPE_REG or FTYPE_DIR */
	uint32_t f_direct[NDIRECT];
	uint32_t f_indirect;
	uint8_t f_pad[256 - MAXNAMELEN - 8 - 4 * NDIRECT - 4];
};

/* Every field is naturally aligned, so there is no padding to pack away:
 * the size is the on-disk one without making the fields unaligned. */
_Static_assert(sizeof(struct File) == 256, "struct File is 256 bytes on disk");

#define BLKFILES	(BLKSIZE / sizeof(struct File))

#define FTYPE_REG	0
#define FTYPE_DIR	1	/* contents: an array of struct File */

#define FS_MAGIC	0x4A0530AE

/* Block 1. */
struct Super {
	uint32_t s_magic;	/* FS_MAGIC */
	uint32_t s_nblocks;	/* blocks on the disk */
	struct File s_root;	/* the root directory, named "/" */
};

/* --- the IPC protocol ---------------------------------------------------- */

/* Request codes: the value of the IPC that carries a request page. */
enum {
	FSREQ_OPEN = 1,
	FSREQ_SET_SIZE,
	FSREQ_READ,
	FSREQ_WRITE,
	FSREQ_STAT,
	FSREQ_FLUSH,
	FSREQ_REMOVE,
	FSREQ_SYNC
};

/* The request page.  READ and STAT replies come back in it too. */
union Fsipc {
	struct Fsreq_open {
		char req_path[MAXPATHLEN];
		int req_omode;
	} open;
	struct Fsreq_set_size {
		int req_fileid;
		off_t req_size;
	} set_size;
	struct Fsreq_read {
		int req_fileid;
		size_t req_n;
	} read;
	struct Fsret_read {
		char ret_buf[PGSIZE];
	} readRet;
	struct Fsreq_write {
		int req_fileid;
		size_t req_n;
		char req_buf[PGSIZE - (sizeof(int) + sizeof(size_t))];
	} write;
	struct Fsreq_stat {
		int req_fileid;
	} stat;
	struct Fsret_stat {
		char ret_name[MAXNAMELEN];
		off_t ret_size;
		int ret_isdir;
	} statRet;
	struct Fsreq_flush {
		int req_fileid;
	} flush;
	struct Fsreq_remove {
		char req_path[MAXPATHLEN];
	} remove;
	char _pad[PGSIZE];
};

#endif
