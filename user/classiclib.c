/*
 * classiclib: every function, global and macro the classic user library
 * gives a program (docs/compatibility.md), declared again here the
 * way classic code declares them, so that a signature of ours that
 * differs is a compile error, and each used once.  Prints one "ok" line
 * per group and ends with a user panic, the last function to try:
 *   classiclib: strings ok, formatting ok, pages ok, exofork ok,
 *   pgfault ok, fork+ipc ok, sfork ok, not recving: env is not recving
 *   ... user panic in classiclib at user/classiclib.c:N: classiclib done
 */
#include <inc/lib.h>

/* The classic declarations: any difference from ours fails the build. */
extern const char *binaryname;
extern const volatile struct Env *thisenv;
extern const volatile struct Env envs[NENV];
extern const volatile struct PageInfo pages[];
extern volatile pte_t uvpt[];
extern volatile pde_t uvpd[];
extern char end[];
void exit(void);
void _panic(const char *file, int line, const char *fmt, ...);
void _warn(const char *file, int line, const char *fmt, ...);
int cprintf(const char *fmt, ...);
int vcprintf(const char *fmt, va_list ap);
void printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...);
void vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt,
	       va_list ap);
int snprintf(char *str, int size, const char *fmt, ...);
int vsnprintf(char *str, int size, const char *fmt, va_list ap);
char *readline(const char *prompt);
int strlen(const char *s);
int strnlen(const char *s, size_t size);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t size);
char *strcat(char *dst, const char *src);
size_t strlcpy(char *dst, const char *src, size_t size);
int strcmp(const char *s1, const char *s2);
int strncmp(const char *s1, const char *s2, size_t size);
char *strchr(const char *s, char c);
char *strfind(const char *s, char c);
void *memset(void *dst, int c, size_t len);
void *memmove(void *dst, const void *src, size_t len);
void *memcpy(void *dst, const void *src, size_t len);
int memcmp(const void *s1, const void *s2, size_t len);
void *memfind(const void *s, int c, size_t len);
long strtol(const char *s, char **endptr, int base);
void sys_cputs(const char *string, size_t len);
int sys_cgetc(void);
envid_t sys_getenvid(void);
int sys_env_destroy(envid_t envid);
void sys_yield(void);
int sys_env_set_status(envid_t envid, int status);
int sys_env_set_pgfault_upcall(envid_t envid, void *upcall);
int sys_page_alloc(envid_t envid, void *va, int perm);
int sys_page_map(envid_t srcenvid, void *srcva, envid_t dstenvid,
		 void *dstva, int perm);
int sys_page_unmap(envid_t envid, void *va);
int sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, int perm);
int sys_ipc_recv(void *dstva);
void set_pgfault_handler(void (*handler)(struct UTrapframe *utf));
envid_t fork(void);
envid_t sfork(void);
void ipc_send(envid_t to_env, uint32_t value, void *pg, int perm);
int32_t ipc_recv(envid_t *from_env_store, void *pg, int *perm_store);
envid_t ipc_find_env(enum EnvType type);

#define CHECK(x)	do { if (!(x)) panic("check failed: %s", #x); } while (0)

static void
strings(void)
{
	char buf[32], *endp;

	CHECK(strlen("jos") == 3 && strnlen("jos", 2) == 2);
	CHECK(strcmp(strcpy(buf, "ab"), "ab") == 0);
	CHECK(strcmp(strcat(buf, "cd"), "abcd") == 0);
	CHECK(strncmp(strncpy(buf, "xyz", sizeof(buf)), "xyq", 2) == 0);
	CHECK(buf[3] == '\0' && buf[31] == '\0');
	CHECK(strlcpy(buf, "truncated", 4) == 3 && strcmp(buf, "tru") == 0);
	CHECK(*strchr("hello", 'l') == 'l' && strchr("hello", 'z') == NULL);
	CHECK(*strfind("hello", 'z') == '\0' && *strfind("hello", 'e') == 'e');
	memset(buf, 'x', 8);
	CHECK(memcmp(buf, "xxxxxxxx", 8) == 0);
	memcpy(buf, "12345678", 8);
	memmove(buf + 1, buf, 4);
	CHECK(memcmp(buf, "11234678", 8) == 0);
	CHECK(memfind(buf, '4', 8) == buf + 4 && memfind(buf, 'q', 8) == buf + 8);
	CHECK(strtol("-42z", &endp, 10) == -42 && *endp == 'z');
	CHECK(strtol("0x1f", 0, 0) == 31 && strtol("017", 0, 0) == 15);
	cprintf("classiclib: strings ok\n");
}

static void
count_char(int c, void *count)
{
	(*(int *) count)++;
}

static int
vformat(char *buf, int size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vcprintf(fmt, ap);
	va_end(ap);
	return n;
}

static void
formatting(void)
{
	char buf[64];
	int count = 0;

	printfmt(count_char, &count, "%d-%s", 1234, "ab");
	CHECK(count == 7);
	CHECK(snprintf(buf, sizeof(buf), "%05x|%-3d|%c", 0xab, 7, 'q') == 11);
	CHECK(strcmp(buf, "000ab|7  |q") == 0);
	CHECK(vformat(buf, 4, "%s", "classiclib: vcprintf\n") == 21);
	CHECK(strcmp(buf, "cla") == 0);
	sys_cputs("classiclib: sys_cputs\n", 22);
	cprintf("classiclib: formatting ok\n");
}

static bool
mapped(void *va)
{
	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

static void
page_calls(void)
{
	char *a = UTEMP, *b = (char *) UTEMP + PGSIZE;

	CHECK(sys_page_alloc(0, a, PTE_P | PTE_U | PTE_W) == 0);
	strcpy(a, "shared");
	CHECK(sys_page_map(0, a, 0, b, PTE_P | PTE_U) == 0);
	CHECK(mapped(b) && !(uvpt[PGNUM(b)] & PTE_W) && strcmp(b, "shared") == 0);
	CHECK(PTE_ADDR(uvpt[PGNUM(a)]) == PTE_ADDR(uvpt[PGNUM(b)]));
	CHECK(sys_page_unmap(0, a) == 0 && sys_page_unmap(0, b) == 0);
	CHECK(!mapped(a) && !mapped(b));
	CHECK((uintptr_t) end > UTEXT && pages[0].pp_ref >= 0);
	cprintf("classiclib: pages ok\n");
}

static void
exofork_calls(void)
{
	envid_t child = sys_exofork();

	if (child == 0)
		panic("the child of sys_exofork ran");
	CHECK(child > 0 && envs[ENVX(child)].env_parent_id == thisenv->env_id);
	CHECK(sys_env_set_pgfault_upcall(child, (void *) UTEXT) == 0);
	CHECK(sys_env_set_status(child, ENV_NOT_RUNNABLE) == 0);
	CHECK(sys_env_destroy(child) == 0);
	cprintf("classiclib: exofork ok\n");
}

static void
allocate_on_fault(struct UTrapframe *utf)
{
	void *va = ROUNDDOWN((void *) utf->utf_fault_va, PGSIZE);

	CHECK(sys_page_alloc(0, va, PTE_P | PTE_U | PTE_W) == 0);
}

static void
pgfault_calls(void)
{
	volatile int *p = (volatile int *) (UTEMP + 3 * PGSIZE + 8);

	set_pgfault_handler(allocate_on_fault);
	*p = 6828;
	CHECK(*p == 6828 && PGOFF(p) == 8);
	CHECK(sys_page_unmap(0, ROUNDDOWN((void *) p, PGSIZE)) == 0);
	cprintf("classiclib: pgfault ok\n");
}

static void
fork_and_ipc(void)
{
	char *page = (char *) UTEMP + 4 * PGSIZE;
	envid_t child, from;
	int perm;

	if ((child = fork()) == 0) {
		/* The raw receive: the message lands in thisenv. */
		CHECK(sys_ipc_recv(page) == 0);
		CHECK(thisenv->env_ipc_value == 1 && strcmp(page, "ping") == 0);
		ipc_send(thisenv->env_parent_id, 2, NULL, 0);
		exit();
	}
	CHECK(child > 0);
	CHECK(sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W) == 0);
	strcpy(page, "ping");
	ipc_send(child, 1, page, PTE_P | PTE_U | PTE_W);
	CHECK(ipc_recv(&from, NULL, &perm) == 2 && from == child && perm == 0);
	cprintf("classiclib: fork+ipc ok\n");
}

static volatile int shared_counter;

static void
sfork_calls(void)
{
	const volatile struct Env *me = thisenv;
	envid_t child;

	if ((child = sfork()) == 0) {
		shared_counter = 1;
		ipc_send(thisenv->env_parent_id, thisenv != me, NULL, 0);
		exit();
	}
	CHECK(ipc_recv(NULL, NULL, NULL) == 1 && shared_counter == 1);
	CHECK(thisenv == me);
	cprintf("classiclib: sfork ok\n");
}

void
umain(int argc, char **argv)
{
	char *(*read_a_line)(const char *) = readline;
	envid_t user_env = ipc_find_env(ENV_TYPE_USER);

	assert(user_env != 0 && envs[ENVX(user_env)].env_type == ENV_TYPE_USER);
	assert(sys_getenvid() == thisenv->env_id && binaryname != NULL);
	assert(read_a_line != NULL);
	sys_cgetc();
	sys_yield();
	strings();
	formatting();
	page_calls();
	exofork_calls();
	pgfault_calls();
	fork_and_ipc();
	sfork_calls();
	cprintf("classiclib: not recving: %e\n",
		sys_ipc_try_send(sys_getenvid(), 1, (void *) UTOP, 0));
	warn("classiclib: %s", "a warning");
	panic("classiclib done");
}
