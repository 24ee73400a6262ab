/*
 * spawn: start a program from the file system in a new env, the way
 * exec would, but from the outside: the parent builds the child's whole
 * address space through system calls (the segments, a stack holding the
 * arguments, the shared pages) and only then lets it run.
 *
 * A failure at any step destroys the half-built child, so that nothing
 * is left behind.
 */
#include <inc/lib.h>
#include <inc/elf.h>

/* The ELF header and every program header must be in this first part
 * of the file. */
#define ELF_HEADER_BYTES	512

/* Where in this env the pages being prepared for the child are mapped. */
#define SCRATCH		((uint8_t *) UTEMP)

/* The first part of the file: the ELF header and its program headers. */
struct elf_head {
	union {
		struct Elf elf;
		uint8_t bytes[ELF_HEADER_BYTES];
	};
};

/* Read and check prog's ELF header from fd.  Returns 0, or -E_NOT_EXEC
 * (after saying why) or a read error. */
static int
read_elf_head(int fd, struct elf_head *h)
{
	struct Elf *elf = &h->elf;
	ssize_t r = readn(fd, h->bytes, sizeof(h->bytes));

	if (r < 0)
		return r;
	if (r != sizeof(h->bytes) || elf->e_magic != ELF_MAGIC) {
		cprintf("elf magic %08x want %08x\n",
			r >= (ssize_t) sizeof(elf->e_magic) ? elf->e_magic : 0,
			ELF_MAGIC);
		return -E_NOT_EXEC;
	}
	if (elf->e_phentsize != sizeof(struct Proghdr) ||
	    elf->e_phoff > sizeof(h->bytes) ||
	    elf->e_phnum > (sizeof(h->bytes) - elf->e_phoff) /
			   sizeof(struct Proghdr))
		return -E_NOT_EXEC;
	return 0;
}

/*
 * Hand the page at SCRATCH to child at va with perm, leaving SCRATCH
 * unmapped.  Returns 0 or an error.
 */
static int
give_scratch(envid_t child, uintptr_t va, int perm)
{
	int r = sys_page_map(0, SCRATCH, child, (void *) va, perm);

	sys_page_unmap(0, SCRATCH);
	return r;
}

/*
 * Give child the pages of one loadable segment: memsz bytes at va, the
 * first filesz of them read from fd at offset, the rest zero.  Returns 0,
 * -E_NOT_EXEC for a segment no program can have, or an error.
 */
static int
load_segment(envid_t child, int fd, const struct Proghdr *ph)
{
	const int perm = PTE_P | PTE_U |
			 ((ph->p_flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0);
	uintptr_t va, start = ROUNDDOWN(ph->p_va, PGSIZE);
	uintptr_t end = ph->p_va + ph->p_memsz;
	ssize_t r;

	if (ph->p_filesz > ph->p_memsz || end < ph->p_va ||
	    end > USTACKTOP - PGSIZE || ph->p_va % PGSIZE != ph->p_offset % PGSIZE)
		return -E_NOT_EXEC;

	for (va = start; va < end; va += PGSIZE) {
		/* The part of this page that comes from the file. */
		uintptr_t lo = MAX(va, (uintptr_t) ph->p_va);
		uintptr_t hi = MIN(va + PGSIZE, (uintptr_t) ph->p_va + ph->p_filesz);

		if ((r = sys_page_alloc(0, SCRATCH, PTE_P | PTE_U | PTE_W)) < 0)
			return r;
		if (lo < hi) {
			if ((r = seek(fd, ph->p_offset + (lo - ph->p_va))) < 0 ||
			    (r = readn(fd, SCRATCH + (lo - va), hi - lo)) < 0 ||
			    (r != (ssize_t) (hi - lo) && (r = -E_NOT_EXEC))) {
				sys_page_unmap(0, SCRATCH);
				return r;
			}
		}
		if ((r = give_scratch(child, va, perm)) < 0)
			return r;
	}
	return 0;
}

/*
 * Give child its stack page, with argv laid out as a C program's entry
 * expects: the strings packed at the very top, ending at USTACKTOP; below
 * them (4-byte aligned) the array of their addresses ending in NULL; below
 * that the array's address, then argc, where %esp starts.  Stores that
 * %esp in *esp.  Returns 0, -E_NO_MEM if it does not fit in the page, or
 * an error.
 */
static int
init_stack(envid_t child, const char **argv, uintptr_t *esp)
{
	/* Child addresses are at the same offset in SCRATCH. */
	const uintptr_t to_scratch = USTACKTOP - PGSIZE - (uintptr_t) SCRATCH;
	size_t argc, bytes = 0, i, len;
	uintptr_t strings, array, sp;
	int r;

	for (argc = 0; argv[argc] != NULL; argc++)
		bytes += strlen(argv[argc]) + 1;
	if (bytes > PGSIZE || argc > PGSIZE)
		return -E_NO_MEM;
	strings = USTACKTOP - bytes;
	array = ROUNDDOWN(strings, 4) - (argc + 1) * sizeof(uintptr_t);
	sp = array - 2 * sizeof(uintptr_t);
	/* The program's entry code needs one word more below (lib/entry.S). */
	if (sp - sizeof(uintptr_t) < USTACKTOP - PGSIZE)
		return -E_NO_MEM;

	if ((r = sys_page_alloc(0, SCRATCH, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	for (i = 0; i < argc; i++) {
		len = strlen(argv[i]) + 1;
		memcpy((void *) (strings - to_scratch), argv[i], len);
		((uintptr_t *) (array - to_scratch))[i] = strings;
		strings += len;
	}
	((uintptr_t *) (array - to_scratch))[argc] = 0;
	((uintptr_t *) (sp - to_scratch))[0] = argc;
	((uintptr_t *) (sp - to_scratch))[1] = array;
	*esp = sp;
	return give_scratch(child, USTACKTOP - PGSIZE, PTE_P | PTE_U | PTE_W);
}

/*
 * Map every PTE_SHARE page of this env below UTOP into child at the same
 * address with the same permissions: open files and pipes.  From the top
 * down, so that a descriptor's data page (above the descriptor table)
 * is shared before the descriptor itself, as dup does: a pipe end
 * half-passed on must not make the pipe look closed (lib/pipe.c).
 * Returns 0 or an error.
 */
static int
copy_shared_pages(envid_t child)
{
	/* LAB 5: map each PTE_SHARE page into child, as the comment above
	 * says. */
	uintptr_t pdx, pn;
	int r;

	for (pdx = PDX(UTOP); pdx-- > 0; ) {
		if (!(uvpd[pdx] & PTE_P))
			continue;
		for (pn = (pdx + 1) * NPTENTRIES; pn-- > pdx * NPTENTRIES; ) {
			pte_t pte = uvpt[pn];
			void *va = (void *) (pn * PGSIZE);

			if ((pte & (PTE_P | PTE_SHARE)) != (PTE_P | PTE_SHARE))
				continue;
			if ((r = sys_page_map(0, va, child, va, pte & PTE_SYSCALL)) < 0)
				return r;
		}
	}
	return 0;
	/* END LAB 5 */
}

/* Give child its segments from the ELF file open on fd and its stack
 * with argv, storing its initial %esp in *esp.  Returns 0 or an error. */
static int
load_program(envid_t child, int fd, const struct elf_head *h,
	     const char **argv, uintptr_t *esp)
{
	const struct Proghdr *ph =
		(const struct Proghdr *) (h->bytes + h->elf.e_phoff);
	int i, r;

	for (i = 0; i < h->elf.e_phnum; i++)
		if (ph[i].p_type == ELF_PROG_LOAD &&
		    (r = load_segment(child, fd, &ph[i])) < 0)
			return r;
	return init_stack(child, argv, esp);
}

/* Give child its registers (starting at entry with %esp esp), and start
 * it.  Returns 0 or an error. */
static int
start_child(envid_t child, uintptr_t entry, uintptr_t esp)
{
	/* LAB 5: set the child's registers through sys_env_set_trapframe
	 * and make it runnable. */
	struct Trapframe tf = envs[ENVX(child)].env_tf;
	int r;

	tf.tf_esp = esp;
	tf.tf_eip = entry;
	/* Ask for I/O privilege, which the kernel must refuse: spawnfaultio
	 * checks that the child still cannot touch I/O ports. */
	tf.tf_eflags |= FL_IOPL_3;
	if ((r = sys_env_set_trapframe(child, &tf)) < 0)
		return r;
	return sys_env_set_status(child, ENV_RUNNABLE);
	/* END LAB 5 */
}

/*
 * Start the program in file prog, with arguments argv (ending in NULL;
 * argv[0] is what the program sees as its name), in a new child env.  The
 * child starts with this env's open file descriptors, sharing them.
 * Returns the child's id, or an error: prog's open error (-E_NOT_FOUND,
 * ...), -E_NOT_EXEC if it is not a program we can load, -E_NO_MEM,
 * -E_NO_FREE_ENV; then no env or page is left behind.
 */
envid_t
spawn(const char *prog, const char **argv)
{
	struct elf_head head;
	uintptr_t esp;
	envid_t child;
	int fd, r;

	if ((fd = open(prog, O_RDONLY)) < 0)
		return fd;
	if ((r = read_elf_head(fd, &head)) < 0) {
		close(fd);
		return r;
	}
	if ((child = sys_exofork()) < 0) {
		close(fd);
		return child;
	}
	/* The child never runs this code: it is started only after
	 * start_child has replaced its registers. */
	r = load_program(child, fd, &head, argv, &esp);
	/* Closed before the shared pages are passed on: the program file
	 * is not one of the child's open files. */
	close(fd);
	if (r >= 0)
		r = copy_shared_pages(child);
	if (r >= 0)
		r = start_child(child, head.elf.e_entry, esp);
	if (r < 0) {
		sys_env_destroy(child);
		return r;
	}
	return child;
}

/* spawn with the arguments listed after prog, ending with NULL. */
envid_t
spawnl(const char *prog, const char *arg0, ...)
{
	va_list ap;
	int argc = 1, i;

	if (arg0 == NULL) {
		const char *no_args[] = { NULL };
		return spawn(prog, no_args);
	}
	va_start(ap, arg0);
	while (va_arg(ap, const char *) != NULL)
		argc++;
	va_end(ap);

	const char *argv[argc + 1];

	argv[0] = arg0;
	va_start(ap, arg0);
	for (i = 1; i <= argc; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	return spawn(prog, argv);
}
