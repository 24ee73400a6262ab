/* The user library: everything a user program gets by including this one
 * header.  A program defines umain(); lib/libmain.c calls it. */
#ifndef JOS_INC_LIB_H
#define JOS_INC_LIB_H

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>
#include <inc/string.h>
#include <inc/error.h>
#include <inc/assert.h>
#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/syscall.h>
#include <inc/trap.h>
#include <inc/fs.h>
#include <inc/fd.h>
#include <inc/args.h>

/* The program's entry point, written by the program. */
void umain(int argc, char **argv);

/* lib/libmain.c */
extern const char *binaryname;
extern const volatile struct Env envs[NENV];
extern const volatile struct PageInfo pages[];
void libmain(int argc, char **argv);

/* This env's entry in envs[].  It sits on a page of its own that sfork()
 * does not share, so that a parent and a child sharing their data still
 * each see their own env here (lib/libmain.c). */
extern const volatile struct Env *thisenv;

/* lib/exit.c */
void exit(void) __attribute__((noreturn));

/* lib/pgfault.c */
void set_pgfault_handler(void (*handler)(struct UTrapframe *utf));

/* lib/syscall.c: the classic system calls */
void sys_cputs(const char *string, size_t len);
int sys_cgetc(void);
envid_t sys_getenvid(void);
int sys_env_destroy(envid_t envid);
void sys_yield(void);
static envid_t sys_exofork(void);
int sys_env_set_status(envid_t envid, int status);
int sys_env_set_pgfault_upcall(envid_t envid, void *upcall);
int sys_env_set_trapframe(envid_t envid, struct Trapframe *tf);
int sys_page_alloc(envid_t envid, void *va, int perm);
int sys_page_map(envid_t srcenv, void *srcva,
		 envid_t dstenv, void *dstva, int perm);
int sys_page_unmap(envid_t envid, void *va);
int sys_ipc_try_send(envid_t to_env, uint32_t value, void *srcva, int perm);
int sys_ipc_recv(void *dstva);
unsigned int sys_time_msec(void);
/* Lab 6: the network card's system calls (ours; the lab leaves the names
 * to students). */
int sys_net_try_send(const void *frame, size_t len);
int sys_net_try_recv(void *buf, size_t size);

/* Ours, not classic: named jos_* so that they cannot collide with the
 * helpers student code writes (its own sys_page_copy, say). */
int32_t jos_syscall_sysenter(uint32_t num, uint32_t a1, uint32_t a2,
			     uint32_t a3, uint32_t a4, uint32_t a5);
int32_t jos_syscall_int(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
			uint32_t a4, uint32_t a5);
size_t jos_sys_page_free_count(void);
int jos_sys_ipc_send(envid_t to_env, uint32_t value, void *srcva, int perm);
int jos_sys_page_map_batch(const struct PageMapOp *ops, unsigned n);
int jos_sys_page_copy(envid_t envid, void *srcva, void *dstva, int perm);

/*
 * sys_exofork is inline so that the child, which starts with a copy of the
 * parent's registers at the instruction after the trap, returns straight
 * into its caller's frame: there is no library frame for it to unwind.
 * Returns the child's id in the parent, 0 in the child, or an error.
 */
static inline envid_t __attribute__((always_inline))
sys_exofork(void)
{
	envid_t ret;
	asm volatile("int %1"
		     : "=a" (ret)
		     : "i" (T_SYSCALL), "a" (SYS_exofork)
		     : "memory");
	return ret;
}

/* lib/ipc.c */
void ipc_send(envid_t to_env, uint32_t value, void *pg, int perm);
int32_t ipc_recv(envid_t *from_env_store, void *pg, int *perm_store);
envid_t ipc_find_env(enum EnvType type);

/* lib/ipcblock.c: our extra, ipc_send blocking in the kernel. */
void ipc_send_blocking(envid_t to_env, uint32_t value, void *pg, int perm);

/* lib/fork.c.  A page mapped PTE_SHARE is shared with children as it
 * is (writable stays writable), never copied: fds live in such pages. */
#define PTE_SHARE	0x400
envid_t fork(void);
int fork_share_perm(uintptr_t pn);

/* lib/forkbatch.c: our extras, fork with batched mappings and one-call
 * copy-on-write faults, and the shared-memory fork. */
envid_t fork_batched(void);
envid_t sfork(void);

/* lib/fd.c */
int close(int fd);
ssize_t read(int fd, void *buf, size_t nbytes);
ssize_t write(int fd, const void *buf, size_t nbytes);
int seek(int fd, off_t offset);
void close_all(void);
ssize_t readn(int fd, void *buf, size_t nbytes);
int dup(int oldfd, int newfd);
int fstat(int fd, struct Stat *stat);
int stat(const char *path, struct Stat *stat);
int ftruncate(int fd, off_t size);

/* lib/file.c */
int open(const char *path, int mode);
int remove(const char *path);
int sync(void);
extern union Fsipc fsipcbuf;

/* lib/pageref.c */
int pageref(void *va);

/* lib/vamapped.c */
bool va_is_mapped(void *va);

/* Modes of open(). */
#define O_RDONLY	0x0000
#define O_WRONLY	0x0001
#define O_RDWR		0x0002
#define O_ACCMODE	0x0003	/* the bits of the three above */
#define O_CREAT		0x0100	/* create if missing */
#define O_TRUNC		0x0200	/* truncate to size 0 */
#define O_EXCL		0x0400	/* with O_CREAT: fail if it exists */
#define O_MKDIR		0x0800	/* with O_CREAT: create a directory */

/* Sockets, after the O_* modes: see inc/socket.h. */
#include <inc/ns.h>

/* lib/sockets.c */
int accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int bind(int s, struct sockaddr *name, socklen_t namelen);
int shutdown(int s, int how);
int connect(int s, const struct sockaddr *name, socklen_t namelen);
int listen(int s, int backlog);
int socket(int domain, int type, int protocol);

/* lib/nsipc.c */
int nsipc_accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int nsipc_bind(int s, struct sockaddr *name, socklen_t namelen);
int nsipc_shutdown(int s, int how);
int nsipc_close(int s);
int nsipc_connect(int s, const struct sockaddr *name, socklen_t namelen);
int nsipc_listen(int s, int backlog);
int nsipc_recv(int s, void *mem, int len, unsigned int flags);
int nsipc_send(int s, const void *buf, int size, unsigned int flags);
int nsipc_socket(int domain, int type, int protocol);
extern union Nsipc nsipcbuf;

/* lib/spawn.c */
envid_t spawn(const char *prog, const char **argv);
envid_t spawnl(const char *prog, const char *arg0, ...);

/* lib/console.c */
int opencons(void);

/* lib/pipe.c */
int pipe(int pfd[2]);
int pipeisclosed(int fd);

/* lib/wait.c */
void wait(envid_t envid);

/* lib/malloc.c */
#include <inc/malloc.h>

#endif
