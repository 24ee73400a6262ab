/*
 * classiclib5: what lab 5 adds to the classic user library
 * (docs/compatibility.md), declared again the way classic code
 * declares it, so that a signature of ours that differs is a compile
 * error, and each used the way classic programs use it.  Prints one "ok"
 * line per group, then "classiclib5: done":
 *   files, fd layer, pipes, console, printf, args, readline, spawn
 * (spawn's children print hello's two lines and echo's, into a pipe).
 */
#include <inc/lib.h>

/* The classic declarations: any difference from ours fails the build. */
int sys_env_set_trapframe(envid_t env, struct Trapframe *tf);
int close(int fd);
ssize_t read(int fd, void *buf, size_t nbytes);
ssize_t write(int fd, const void *buf, size_t nbytes);
int seek(int fd, off_t offset);
void close_all(void);
ssize_t readn(int fd, void *buf, size_t nbytes);
int dup(int oldfd, int newfd);
int fstat(int fd, struct Stat *statbuf);
int stat(const char *path, struct Stat *statbuf);
int ftruncate(int fd, off_t size);
char *fd2data(struct Fd *fd);
int fd2num(struct Fd *fd);
int fd_alloc(struct Fd **fd_store);
int fd_close(struct Fd *fd, bool must_exist);
int fd_lookup(int fdnum, struct Fd **fd_store);
int dev_lookup(int devid, struct Dev **dev_store);
int open(const char *path, int mode);
int remove(const char *path);
int sync(void);
extern union Fsipc fsipcbuf;
extern struct Dev devfile, devcons, devpipe;
int pageref(void *va);
envid_t spawn(const char *program, const char **argv);
envid_t spawnl(const char *program, const char *arg0, ...);
void cputchar(int c);
int getchar(void);
int iscons(int fd);
int opencons(void);
int pipe(int pipefds[2]);
int pipeisclosed(int pipefd);
void wait(envid_t env);
int printf(const char *fmt, ...);
int fprintf(int fd, const char *fmt, ...);
int vfprintf(int fd, const char *fmt, va_list ap);
void argstart(int *argc, char **argv, struct Argstate *args);
int argnext(struct Argstate *args);
char *argnextvalue(struct Argstate *args);
char *argvalue(struct Argstate *args);
char *readline(const char *prompt);

#define CHECK(x)	do { if (!(x)) panic("check failed: %s", #x); } while (0)

static void
files(void)
{
	struct Stat st;
	char motd[64], buf[64];
	int fd, n;

	CHECK(O_RDONLY == 0 && O_WRONLY == 1 && O_RDWR == 2 &&
	      O_ACCMODE == 3 && O_CREAT == 0x100 && O_TRUNC == 0x200 &&
	      O_EXCL == 0x400 && O_MKDIR == 0x800);
	CHECK(open("/no-such-file", O_RDONLY) == -E_NOT_FOUND);
	CHECK((fd = open("/motd", O_RDONLY)) >= 0);
	CHECK((n = readn(fd, motd, sizeof(motd) - 1)) > 0);
	CHECK(fstat(fd, &st) == 0 && strcmp(st.st_name, "motd") == 0 &&
	      st.st_size >= n && !st.st_isdir && st.st_dev == &devfile);
	CHECK(seek(fd, 0) == 0 && read(fd, buf, n) == n &&
	      memcmp(buf, motd, n) == 0);
	CHECK(write(fd, "x", 1) == -E_INVAL);	/* read-only: "bad mode" */
	CHECK(dup(fd, 10) == 10);
	CHECK(seek(10, 1) == 0 && read(fd, buf, 1) == 1 && buf[0] == motd[1]);
	close(fd);
	close(10);
	CHECK(stat("/motd", &st) == 0 && st.st_size > 0);

	CHECK((fd = open("/classiclib5", O_RDWR | O_CREAT | O_TRUNC)) >= 0);
	CHECK(write(fd, "0123456789", 10) == 10);
	CHECK(ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4);
	CHECK(close(fd) == 0 && sync() == 0);
	CHECK((fd = open("/classiclib5", O_RDONLY)) >= 0);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 4 && strcmp(buf, "0123") == 0);
	close(fd);
	CHECK(remove("/classiclib5") == 0);
	CHECK(stat("/classiclib5", &st) == -E_NOT_FOUND);
	CHECK((uintptr_t) &fsipcbuf % PGSIZE == 0);
	cprintf("classiclib5: files ok\n");
}

static void
fd_layer(void)
{
	struct Fd *fd, *free_fd;
	struct Dev *dev;
	int fdnum;

	CHECK((fdnum = open("/motd", O_RDONLY)) >= 0);
	CHECK(fd_lookup(fdnum, &fd) == 0 && fd2num(fd) == fdnum);
	CHECK((uintptr_t) fd == 0xD0000000 + fdnum * PGSIZE);
	CHECK(fd2data(fd) == (char *) (0xD0020000 + fdnum * PGSIZE));
	CHECK(devfile.dev_id == 'f' && strcmp(devfile.dev_name, "file") == 0);
	CHECK(devpipe.dev_id == 'p' && strcmp(devpipe.dev_name, "pipe") == 0);
	CHECK(devcons.dev_id == 'c' && strcmp(devcons.dev_name, "cons") == 0);
	CHECK(dev_lookup(fd->fd_dev_id, &dev) == 0 && dev == &devfile);
	CHECK(dev_lookup(-1, &dev) == -E_INVAL);	/* prints a line */
	CHECK(pageref(fd) >= 2);	/* ours and the file server's */
	CHECK(fd_alloc(&free_fd) == 0 && fd2num(free_fd) != fdnum);
	CHECK(fd_close(fd, 1) == 0);
	CHECK(fd_lookup(fdnum, &fd) == -E_INVAL && close(fdnum) == -E_INVAL);
	CHECK(pageref((void *) 0xCFFFF000) == 0);
	cprintf("classiclib5: fd layer ok\n");
}

static void
pipes(void)
{
	struct Stat st;
	char buf[16];
	int p[2];

	CHECK(pipe(p) == 0 && p[1] == p[0] + 1);
	CHECK(write(p[1], "pipe", 4) == 4);
	CHECK(fstat(p[0], &st) == 0 && strcmp(st.st_name, "<pipe>") == 0 &&
	      st.st_size == 4 && st.st_dev == &devpipe);
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "pipe", 4) == 0);
	CHECK(pipeisclosed(p[0]) == 0);
	close(p[1]);
	CHECK(pipeisclosed(p[0]) == 1 && read(p[0], buf, sizeof(buf)) == 0);
	close(p[0]);
	cprintf("classiclib5: pipes ok\n");
}

static void
console(void)
{
	const char *msg = "classiclib5: written to the console fd\n";
	struct Stat st;
	int fd, p[2];

	CHECK((fd = opencons()) >= 0 && iscons(fd) == 1);
	CHECK(fstat(fd, &st) == 0 && strcmp(st.st_name, "<cons>") == 0 &&
	      st.st_dev == &devcons);
	CHECK(write(fd, msg, strlen(msg)) == strlen(msg));
	CHECK(pipe(p) == 0 && iscons(p[0]) == 0);
	close(p[0]);
	close(p[1]);
	close(fd);
	CHECK(iscons(fd) == -E_INVAL);
	cputchar('c');
	cputchar('\n');
	cprintf("classiclib5: console ok\n");
}

static int
vformat(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

static void
formatted(void)
{
	char buf[64];
	int p[2];

	/* No fd is open: the pipe's ends are fds 0 and 1, so printf's
	 * fd 1 is the write end. */
	CHECK(pipe(p) == 0 && p[0] == 0 && p[1] == 1);
	CHECK(printf("%d-%s|", 42, "printf") == 10);
	CHECK(fprintf(1, "%x|", 0xab) == 3);
	CHECK(vformat(1, "%c%c", 'o', 'k') == 2);
	close(1);
	memset(buf, 0, sizeof(buf));
	CHECK(readn(p[0], buf, sizeof(buf) - 1) == 15);
	CHECK(strcmp(buf, "42-printf|ab|ok") == 0);
	close(p[0]);
	cprintf("classiclib5: printf ok\n");
}

static void
args(void)
{
	char *argv[] = { "prog", "-a", "-bvalue", "-c", "next", "file", 0 };
	int argc = 6;
	struct Argstate state;
	int c;

	argstart(&argc, argv, &state);
	CHECK(argnext(&state) == 'a');
	CHECK(argnext(&state) == 'b' && strcmp(argvalue(&state), "value") == 0);
	CHECK(argnext(&state) == 'c');
	CHECK(strcmp(argnextvalue(&state), "next") == 0);
	while ((c = argnext(&state)) >= 0)
		panic("unexpected flag %c", c);
	CHECK(argc == 2 && strcmp(argv[1], "file") == 0 && argv[2] == 0);
	cprintf("classiclib5: args ok\n");
}

static void
lines(void)
{
	char *line;
	int p[2];

	CHECK(pipe(p) == 0 && p[0] == 0);	/* fd 0: the pipe's read end */
	CHECK(write(p[1], "first line\nsecond\n", 18) == 18);
	close(p[1]);
	CHECK((line = readline(NULL)) && strcmp(line, "first line") == 0);
	CHECK((line = readline(NULL)) && strcmp(line, "second") == 0);
	CHECK(readline(NULL) == NULL);	/* end of file: no message */
	CHECK(getchar() == -E_EOF);
	close(0);
	cprintf("classiclib5: readline ok\n");
}

static void
spawning(void)
{
	const char *argv[] = { "echo", "spawned", "with", "argv", 0 };
	struct Trapframe tf;
	char buf[64];
	envid_t child;
	int p[2];

	CHECK(spawnl("/no-such-program", "x", 0) == -E_NOT_FOUND);
	CHECK((child = spawnl("/hello", "hello", 0)) > 0);
	wait(child);
	CHECK(sys_env_set_trapframe(child, &tf) == -E_BAD_ENV);	/* gone */
	CHECK(pipe(p) == 0 && p[1] == 1);	/* echo's fd 1 */
	CHECK((child = spawn("/echo", argv)) > 0);
	close(1);
	wait(child);
	memset(buf, 0, sizeof(buf));
	CHECK(readn(p[0], buf, sizeof(buf) - 1) > 0);
	CHECK(strcmp(buf, "spawned with argv\n") == 0);
	close(p[0]);
	cprintf("classiclib5: spawn ok\n");
}

void
umain(int argc, char **argv)
{
	files();
	fd_layer();
	pipes();
	console();
	formatted();
	args();
	lines();
	spawning();
	close_all();
	cprintf("classiclib5: done\n");
	exit();
}
