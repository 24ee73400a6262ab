/*
 * File descriptors: the user library's per-env table of open files,
 * pipes and consoles.  Fd i is the page at FDTABLE + i * PGSIZE (see
 * lib/fd.c); it is open exactly while that page is mapped.  The pages are
 * mapped PTE_SHARE, so fork and spawn hand them to children, who then
 * share the offset.
 */
#ifndef JOS_INC_FD_H
#define JOS_INC_FD_H

#include <inc/types.h>
#include <inc/fs.h>

struct Fd;
struct Stat;

/* A kind of descriptor and its operations.  An operation left NULL is not
 * supported (-E_NOT_SUPP). */
struct Dev {
	int dev_id;
	const char *dev_name;
	ssize_t (*dev_read)(struct Fd *fd, void *buf, size_t len);
	ssize_t (*dev_write)(struct Fd *fd, const void *buf, size_t len);
	int (*dev_close)(struct Fd *fd);
	int (*dev_stat)(struct Fd *fd, struct Stat *stat);
	int (*dev_trunc)(struct Fd *fd, off_t length);
};

/* What a file-server fd carries: the server's id for the open file. */
struct FdFile {
	int id;
};

/* What a socket fd carries: the network server's id for the socket. */
struct FdSock {
	int sockid;
};

/* The page that is a descriptor. */
struct Fd {
	int fd_dev_id;		/* which struct Dev, by dev_id */
	off_t fd_offset;	/* next byte read() or write() touches */
	int fd_omode;		/* O_RDONLY, O_WRONLY or O_RDWR */
	union {
		struct FdFile fd_file;	/* devfile */
		struct FdSock fd_sock;	/* devsock */
	};
};

struct Stat {
	char st_name[MAXNAMELEN];
	off_t st_size;
	int st_isdir;
	struct Dev *st_dev;
};

extern struct Dev devfile, devsock, devcons, devpipe;

char *fd2data(struct Fd *fd);
int fd2num(struct Fd *fd);
int fd_alloc(struct Fd **fd_store);
int fd_close(struct Fd *fd, bool must_exist);
int fd_lookup(int fdnum, struct Fd **fd_store);
int dev_lookup(int dev_id, struct Dev **dev_store);

#endif
