/*
 * The file server: start-up, the table of open files, and the request
 * loop of the IPC protocol (inc/fs.h).  A client lends its request page
 * (received at fsreq) with each request; the answer is the IPC value,
 * plus, for OPEN, the open file's Fd page, which the client then shares
 * with us.  Nothing a client sends is trusted: the request is copied out
 * of the shared page before it is checked, and the offset is read once
 * from the shared Fd page.
 */
#include <inc/x86.h>

#include "fs.h"

/* An open file.  Its id names slot id % MAXOPEN; the id changes each
 * time the slot is reused, so an old id is recognised as stale.  The
 * slot is in use while a client maps its Fd page (pageref > 1). */
struct OpenFile {
	uint32_t o_fileid;
	struct File *o_file;	/* NULL once the file is removed */
	int o_mode;		/* the O_ACCMODE bits it was opened with */
	struct Fd *o_fd;	/* the page shared with clients */
};

#define MAXOPEN		1024
#define FILEVA		0xD0000000	/* o_fd of slot i: FILEVA + i * PGSIZE */

static struct OpenFile opentab[MAXOPEN];

/* Where a client's request page is mapped while it is served. */
static union Fsipc *const fsreq = (union Fsipc *) 0x0FFFF000;

/* The request being served, copied out of fsreq. */
static union Fsipc req;

/* Times a client that is not ready for its reply may be run before the
 * reply is dropped.  Counted in the client's runs, not in our tries: a
 * client that was woken but has not been given a CPU yet (another CPU's
 * turn, or a virtual CPU the host stalls) must still get its answer, and
 * one that runs and never receives must not keep the server from the
 * others for longer than this. */
#define REPLY_CLIENT_RUNS	100

static void
serve_init(void)
{
	for (int i = 0; i < MAXOPEN; i++) {
		opentab[i].o_fileid = i;
		opentab[i].o_fd = (struct Fd *) (FILEVA + i * PGSIZE);
	}
}

/* A free slot of the table with a fresh, zeroed Fd page.  Returns 0 and
 * the slot in *o, or -E_MAX_OPEN / -E_NO_MEM. */
static int
openfile_alloc(struct OpenFile **o)
{
	for (int i = 0; i < MAXOPEN; i++) {
		struct OpenFile *of = &opentab[i];
		int r;

		switch (pageref(of->o_fd)) {
		case 0:
			r = sys_page_alloc(0, of->o_fd, PTE_P | PTE_U | PTE_W);
			if (r < 0)
				return r;
			break;
		case 1:
			of->o_fileid += MAXOPEN;
			break;
		default:
			continue;
		}
		memset(of->o_fd, 0, PGSIZE);
		*o = of;
		return 0;
	}
	return -E_MAX_OPEN;
}

/* The open file with id fileid, in *o.  Returns 0, or -E_INVAL for an
 * id that is not open (never was, or stale). */
static int
openfile_lookup(int fileid, struct OpenFile **o)
{
	struct OpenFile *of;

	if (fileid < 0)
		return -E_INVAL;
	of = &opentab[fileid % MAXOPEN];
	if (of->o_fileid != (uint32_t) fileid || pageref(of->o_fd) <= 1)
		return -E_INVAL;
	*o = of;
	return 0;
}

/* Like openfile_lookup, for an open file that still exists and whose
 * mode allows access (O_RDONLY for reading, O_WRONLY for writing). */
static int
openfile_use(int fileid, int access, struct OpenFile **o)
{
	int r = openfile_lookup(fileid, o);

	if (r < 0)
		return r;
	if ((*o)->o_file == NULL)
		return -E_NOT_FOUND;
	if (access == O_RDONLY && (*o)->o_mode == O_WRONLY)
		return -E_INVAL;
	if (access == O_WRONLY && (*o)->o_mode == O_RDONLY)
		return -E_INVAL;
	return 0;
}

/* Is path, in a request, NUL-terminated? */
static bool
path_ok(const char *path)
{
	return strnlen(path, MAXPATHLEN) < MAXPATHLEN;
}

/* Find or make the file an OPEN request names, as its mode says. */
static int
open_file(const char *path, int omode, struct File **f)
{
	int r;

	if (!(omode & (O_CREAT | O_MKDIR)))
		return file_open(path, f);
	r = file_create(path, f, (omode & O_MKDIR) ? FTYPE_DIR : FTYPE_REG);
	if (r == -E_FILE_EXISTS && !(omode & O_EXCL))
		r = file_open(path, f);
	return r;
}

/* OPEN: returns 0 and the Fd page to send in *page, or an error.  The
 * table slot is taken first, so that an open refused for want of one
 * has created or truncated nothing. */
static int
serve_open(struct Fsreq_open *rq, void **page)
{
	struct OpenFile *o;
	struct File *f;
	int r;

	if (!path_ok(rq->req_path))
		return -E_BAD_PATH;
	if ((rq->req_omode & O_ACCMODE) == O_ACCMODE)
		return -E_INVAL;
	if ((rq->req_omode & (O_MKDIR | O_TRUNC)) == (O_MKDIR | O_TRUNC))
		return -E_INVAL;
	if ((r = openfile_alloc(&o)) < 0)
		return r;
	if ((r = open_file(rq->req_path, rq->req_omode, &f)) < 0)
		return r;
	if (rq->req_omode & O_TRUNC) {
		if (f->f_type == FTYPE_DIR)
			return -E_INVAL;
		if ((r = file_set_size(f, 0)) < 0)
			return r;
	}
	o->o_file = f;
	o->o_mode = rq->req_omode & O_ACCMODE;
	o->o_fd->fd_dev_id = devfile.dev_id;
	o->o_fd->fd_omode = o->o_mode;
	o->o_fd->fd_file.id = o->o_fileid;
	*page = o->o_fd;
	return 0;
}

/* LAB 5: helpers for serve_read and serve_write, if you want some. */
/* The offset in o's shared Fd page, read once: the client may change it
 * at any time. */
static off_t
shared_offset(struct OpenFile *o)
{
	return *(volatile off_t *) &o->o_fd->fd_offset;
}
/* END LAB 5 */

/* READ: up to a page at the Fd's offset, into the request page. */
static int
serve_read(struct Fsreq_read *rq)
{
	/* LAB 5: read up to a page of the open file at its Fd's offset
	 * into the reply, and move the offset on. */
	struct OpenFile *o;
	off_t offset;
	int r;

	if ((r = openfile_use(rq->req_fileid, O_RDONLY, &o)) < 0)
		return r;
	offset = shared_offset(o);
	r = file_read(o->o_file, fsreq->readRet.ret_buf, MIN(rq->req_n, PGSIZE),
		      offset);
	if (r > 0)
		o->o_fd->fd_offset = offset + r;
	return r;
	/* END LAB 5 */
}

/* WRITE: req_n bytes (at most a request's worth) at the Fd's offset. */
static int
serve_write(struct Fsreq_write *rq)
{
	/* LAB 5: write the request's bytes to the open file at its Fd's
	 * offset, and move the offset on. */
	struct OpenFile *o;
	off_t offset;
	int r;

	if ((r = openfile_use(rq->req_fileid, O_WRONLY, &o)) < 0)
		return r;
	if (o->o_file->f_type == FTYPE_DIR)
		return -E_INVAL;
	offset = shared_offset(o);
	r = file_write(o->o_file, rq->req_buf,
		       MIN(rq->req_n, sizeof rq->req_buf), offset);
	if (r > 0)
		o->o_fd->fd_offset = offset + r;
	return r;
	/* END LAB 5 */
}

static int
serve_set_size(struct Fsreq_set_size *rq)
{
	struct OpenFile *o;
	int r;

	if ((r = openfile_use(rq->req_fileid, O_WRONLY, &o)) < 0)
		return r;
	if (o->o_file->f_type == FTYPE_DIR)
		return -E_INVAL;
	return file_set_size(o->o_file, rq->req_size);
}

/* STAT: the answer goes in the request page. */
static int
serve_stat(struct Fsreq_stat *rq)
{
	struct OpenFile *o;
	int r;

	if ((r = openfile_use(rq->req_fileid, -1, &o)) < 0)
		return r;
	memset(&fsreq->statRet, 0, sizeof fsreq->statRet);
	strncpy(fsreq->statRet.ret_name, o->o_file->f_name, MAXNAMELEN - 1);
	fsreq->statRet.ret_size = o->o_file->f_size;
	fsreq->statRet.ret_isdir = o->o_file->f_type == FTYPE_DIR;
	return 0;
}

static int
serve_flush(struct Fsreq_flush *rq)
{
	struct OpenFile *o;
	int r;

	if ((r = openfile_lookup(rq->req_fileid, &o)) < 0)
		return r;
	if (o->o_file)
		file_flush(o->o_file);
	return 0;
}

/* REMOVE: open files of a removed file answer -E_NOT_FOUND from then
 * on, rather than see whatever takes its directory slot. */
static int
serve_remove(struct Fsreq_remove *rq)
{
	struct File *f;
	int r;

	if (!path_ok(rq->req_path))
		return -E_BAD_PATH;
	if ((r = file_remove(rq->req_path, &f)) < 0)
		return r;
	for (int i = 0; i < MAXOPEN; i++)
		if (opentab[i].o_file == f)
			opentab[i].o_file = NULL;
	return 0;
}

/* Serve the request with code type (copied in req).  Returns the answer
 * and, for OPEN, the page to send with it in *page. */
static int
dispatch(uint32_t type, envid_t whom, void **page)
{
	switch (type) {
	case FSREQ_OPEN:
		return serve_open(&req.open, page);
	case FSREQ_SET_SIZE:
		return serve_set_size(&req.set_size);
	case FSREQ_READ:
		return serve_read(&req.read);
	case FSREQ_WRITE:
		return serve_write(&req.write);
	case FSREQ_STAT:
		return serve_stat(&req.stat);
	case FSREQ_FLUSH:
		return serve_flush(&req.flush);
	case FSREQ_REMOVE:
		return serve_remove(&req.remove);
	case FSREQ_SYNC:
		fs_sync();
		return 0;
	default:
		cprintf("Invalid request code %d from %08x\n", type, whom);
		return -E_INVAL;
	}
}

/* Send the answer r (and page, if not NULL) to whom, if it comes to
 * receive it while it still can: alive and not blocked elsewhere. */
static void
reply(envid_t whom, int r, void *page)
{
	int perm = page ? PTE_P | PTE_U | PTE_W | PTE_SHARE : 0;
	const volatile struct Env *e = &envs[ENVX(whom)];
	uint32_t runs = e->env_runs;

	for (;;) {
		int s = sys_ipc_try_send(whom, r, page ? page : (void *) UTOP,
					 perm);

		if (s < 0 && s != -E_IPC_NOT_RECV && page) {
			/* The page could not be given (no memory for the
			 * client's page table): the error instead. */
			r = s;
			page = NULL;
			perm = 0;
			continue;
		}
		if (s != -E_IPC_NOT_RECV)
			return;
		/* Gone, blocked in something other than receiving, or run
		 * often enough to have received by now. */
		if (e->env_id != whom || (e->env_status == ENV_NOT_RUNNABLE &&
					  !e->env_ipc_recving) ||
		    e->env_runs - runs > REPLY_CLIENT_RUNS)
			return;
		sys_yield();
	}
}

/* Receive, check, serve and answer requests, forever. */
static void
serve(void)
{
	for (;;) {
		envid_t whom;
		int perm, r;
		uint32_t type = ipc_recv(&whom, fsreq, &perm);
		void *page = NULL;

		if (!(perm & PTE_P)) {
			cprintf("Invalid request from %08x: no argument page\n",
				whom);
			continue;
		}
		if (!(perm & PTE_W)) {
			r = -E_INVAL;	/* answers could not go in it */
		} else if ((r = bc_reserve_fill()) < 0) {
			;		/* no memory to serve it with */
		} else {
			memmove(&req, fsreq, sizeof req);
			r = dispatch(type, whom, &page);
		}
		reply(whom, r, page);
		sys_page_unmap(0, fsreq);
	}
}

void
umain(int argc, char **argv)
{
	binaryname = "fs";
	cprintf("FS is running\n");

	/* The kernel gave us IOPL 3, or this faults (#GP) and we die. */
	outw(0x8A00, 0x8A00);
	cprintf("FS can do I/O\n");

	serve_init();
	fs_init();
	fs_test();
	powercut_arm();
	serve();
}
