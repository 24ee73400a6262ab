/*
 * fsbadreq: hostile requests to the file server, built by hand.  Each
 * must get a clear error (or a clamped answer), never crash or stall the
 * server: unknown codes, bad and stale file ids, huge sizes and offsets,
 * unterminated and overlong paths, a bad open mode, a read-only or
 * unmapped or missing request page, and clients that vanish or never
 * take their answer.  Prints "fsbadreq: CHECK ok" per check, then
 * "fsbadreq: the server survived".
 */
#include <inc/lib.h>

#define FVA		((struct Fd *) 0xCCCCC000)
#define RO_PAGE		((union Fsipc *) 0xCCCC0000)
#define UNMAPPED	((void *) 0xCCC00000)

static envid_t server;

/* Send request type in page with perm and wait for the answer; an OPEN's
 * Fd page lands at FVA. */
static int
request(unsigned type, void *page, int perm)
{
	int r = jos_sys_ipc_send(server, type, page, perm);

	return r < 0 ? r : ipc_recv(NULL, type == FSREQ_OPEN ? FVA : NULL, NULL);
}

static int
fsreq(unsigned type)
{
	return request(type, &fsipcbuf, PTE_P | PTE_W | PTE_U);
}

static int
xopen(const char *path, int mode)
{
	strcpy(fsipcbuf.open.req_path, path);
	fsipcbuf.open.req_omode = mode;
	return fsreq(FSREQ_OPEN);
}

static int
read_id(int fileid, size_t n)
{
	fsipcbuf.read.req_fileid = fileid;
	fsipcbuf.read.req_n = n;
	return fsreq(FSREQ_READ);
}

static int
write_id(int fileid, size_t n)
{
	fsipcbuf.write.req_fileid = fileid;
	fsipcbuf.write.req_n = n;
	memset(fsipcbuf.write.req_buf, 'w', sizeof fsipcbuf.write.req_buf);
	return fsreq(FSREQ_WRITE);
}

static int
set_size_id(int fileid, off_t size)
{
	fsipcbuf.set_size.req_fileid = fileid;
	fsipcbuf.set_size.req_size = size;
	return fsreq(FSREQ_SET_SIZE);
}

/* Fail unless got == want. */
static void
expect(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d (%e)", what, got, got, want,
		      want);
}

static void
ok(const char *check)
{
	cprintf("fsbadreq: %s ok\n", check);
}

/* Wait until env id is gone. */
static void
wait_gone(envid_t id)
{
	while (envs[ENVX(id)].env_id == id &&
	       envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
}

static void
bad_ids(void)
{
	expect("unknown code", fsreq(99), -E_INVAL);
	ok("unknown request code");
	expect("read id -1", read_id(-1, 10), -E_INVAL);
	expect("read id 0x7fffffff", read_id(0x7fffffff, 10), -E_INVAL);
	expect("read never-opened id", read_id(77, 10), -E_INVAL);
	fsipcbuf.stat.req_fileid = -5;
	expect("stat id -5", fsreq(FSREQ_STAT), -E_INVAL);
	fsipcbuf.flush.req_fileid = 123456;
	expect("flush id 123456", fsreq(FSREQ_FLUSH), -E_INVAL);
	expect("set_size id -1", set_size_id(-1, 0), -E_INVAL);
	ok("bad file ids");
}

static void
bad_sizes(void)
{
	int id, size;

	expect("open /newmotd", xopen("/newmotd", O_RDONLY), 0);
	id = FVA->fd_file.id;
	size = read_id(id, 0xFFFFFFFF);
	if (size <= 0 || size > PGSIZE)
		panic("read of 0xFFFFFFFF bytes: got %d", size);
	FVA->fd_offset = -100;
	expect("read at offset -100", read_id(id, 10), -E_INVAL);
	FVA->fd_offset = 0x7FFFF000;
	expect("read far past the end", read_id(id, 10), 0);
	expect("write to a read-only open", write_id(id, 10), -E_INVAL);
	expect("set_size of a read-only open", set_size_id(id, 0), -E_INVAL);
	sys_page_unmap(0, FVA);

	expect("create /badreq", xopen("/badreq", O_RDWR | O_CREAT), 0);
	id = FVA->fd_file.id;
	expect("write of 0xFFFFFFFF bytes", write_id(id, 0xFFFFFFFF),
	       sizeof fsipcbuf.write.req_buf);
	FVA->fd_offset = -1;
	expect("write at offset -1", write_id(id, 10), -E_INVAL);
	FVA->fd_offset = MAXFILESIZE;
	expect("write at MAXFILESIZE", write_id(id, 10), -E_INVAL);
	expect("set_size -1", set_size_id(id, -1), -E_INVAL);
	expect("set_size MAXFILESIZE+1", set_size_id(id, MAXFILESIZE + 1),
	       -E_INVAL);
	expect("set_size 0", set_size_id(id, 0), 0);
	sys_page_unmap(0, FVA);
	expect("remove /badreq", remove("/badreq"), 0);
	ok("huge sizes and offsets");
}

static void
bad_paths(void)
{
	memset(fsipcbuf.open.req_path, 'a', MAXPATHLEN);
	fsipcbuf.open.req_omode = O_RDONLY;
	expect("unterminated path", fsreq(FSREQ_OPEN), -E_BAD_PATH);
	memset(fsipcbuf.remove.req_path, '/', MAXPATHLEN);
	expect("unterminated remove path", fsreq(FSREQ_REMOVE), -E_BAD_PATH);
	memset(fsipcbuf.open.req_path, 'b', MAXNAMELEN);
	fsipcbuf.open.req_path[MAXNAMELEN] = '\0';
	fsipcbuf.open.req_omode = O_RDWR | O_CREAT;
	expect("component of MAXNAMELEN", fsreq(FSREQ_OPEN), -E_BAD_PATH);
	expect("open mode O_ACCMODE", xopen("/newmotd", O_ACCMODE), -E_INVAL);
	expect("walk through a file", xopen("/newmotd/x", O_RDONLY),
	       -E_NOT_FOUND);
	expect("create in a missing directory",
	       xopen("/no-dir/x", O_RDWR | O_CREAT), -E_NOT_FOUND);
	ok("bad paths and modes");
}

static void
bad_pages(void)
{
	int r;

	/* Made writable, filled, then mapped read-only. */
	if ((r = sys_page_alloc(0, RO_PAGE, PTE_P | PTE_U | PTE_W)) < 0 ||
	    (RO_PAGE->stat.req_fileid = 0) ||
	    (r = sys_page_map(0, RO_PAGE, 0, RO_PAGE, PTE_P | PTE_U)) < 0)
		panic("read-only page: %e", r);
	expect("read-only request page",
	       request(FSREQ_STAT, RO_PAGE, PTE_P | PTE_U), -E_INVAL);
	expect("unmapped request page",
	       jos_sys_ipc_send(server, FSREQ_SYNC, UNMAPPED, PTE_P | PTE_W | PTE_U),
	       -E_INVAL);
	ok("read-only and unmapped request pages");
}

/* Children that misbehave and go: one sends no page at all, one sends
 * a request and exits without waiting, one never receives its answer. */
static void
bad_clients(void)
{
	envid_t kid;

	if ((kid = fork()) == 0) {
		jos_sys_ipc_send(server, FSREQ_SYNC, (void *) UTOP, 0);
		exit();
	}
	wait_gone(kid);
	if ((kid = fork()) == 0) {
		jos_sys_ipc_send(server, FSREQ_SYNC, &fsipcbuf, PTE_P | PTE_W | PTE_U);
		exit();
	}
	wait_gone(kid);
	if ((kid = fork()) == 0) {
		jos_sys_ipc_send(server, FSREQ_SYNC, &fsipcbuf, PTE_P | PTE_W | PTE_U);
		for (int i = 0; i < 2000; i++)
			sys_yield();
		exit();
	}
	wait_gone(kid);
	expect("sync after the bad clients", sync(), 0);
	ok("clients that send no page, vanish or never receive");
}

void
umain(int argc, char **argv)
{
	struct Stat st;

	server = ipc_find_env(ENV_TYPE_FS);
	bad_ids();
	bad_sizes();
	bad_paths();
	bad_pages();
	bad_clients();
	expect("stat /newmotd at the end", stat("/newmotd", &st), 0);
	cprintf("fsbadreq: the server survived\n");
}
