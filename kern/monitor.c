/*
 * The kernel monitor: a command prompt for looking into the running
 * kernel.  It runs on the console, with the kernel lock held when entered
 * from a trap, and reads each command with readline.
 */

#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/types.h>
#include <kern/monitor.h>
#include <kern/trap.h>

/* The most words a command line may split into. */
#define MAXARGS 16

struct Command {
	const char *name;
	const char *desc;
	int (*func)(int argc, char **argv, struct Trapframe *tf);
};

static const struct Command commands[] = {
	{ "help", "List the commands", mon_help },
	{ "kerninfo", "Show the kernel's symbols and memory footprint",
	  mon_kerninfo },
	{ "backtrace", "Show the chain of calls that led here", mon_backtrace },
	{ "showmappings", "showmappings LO HI: mappings of the pages in [LO, HI]",
	  mon_showmappings },
	{ "envs", "List the live environments", mon_envs },
	{ "pages", "Count free and used physical pages", mon_pages },
	{ "audit", "Check every page's reference count against its mappings",
	  mon_audit },
	{ "cpus", "List the CPUs and what each runs", mon_cpus },
	{ "continue", "Resume the env stopped at a breakpoint (also: c)",
	  mon_continue },
	{ "c", NULL, mon_continue },
	{ "stepi", "Run one instruction of the stopped env (also: si)",
	  mon_stepi },
	{ "si", NULL, mon_stepi },
	{ "selftest", "Run lab 1's printf and backtrace self-tests",
	  mon_selftest },
};

/* List the commands; aliases (no description) are named with theirs. */
int
mon_help(int argc, char **argv, struct Trapframe *tf)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].desc != NULL)
			cprintf("%s - %s\n", commands[i].name, commands[i].desc);
	return 0;
}

/* Print a symbol's link (virtual) and load (physical) address. */
static void
print_symbol(const char *name, const char *addr)
{
	cprintf("  %-6s %08x (virt)  %08x (phys)\n", name, (uintptr_t) addr,
		(uintptr_t) addr - KERNBASE);
}

int
mon_kerninfo(int argc, char **argv, struct Trapframe *tf)
{
	/* Defined by kern/entry.S and the linker script. */
	extern char _start[], entry[], etext[], edata[], end[];

	cprintf("Special kernel symbols:\n");
	cprintf("  _start                  %08x (phys)\n", (uintptr_t) _start);
	print_symbol("entry", entry);
	print_symbol("etext", etext);
	print_symbol("edata", edata);
	print_symbol("end", end);
	cprintf("Kernel executable memory footprint: %dKB\n",
		ROUNDUP(end - entry, 1024) / 1024);
	return 0;
}

/* Split buf in place at whitespace into argv; returns argc, or -1 if
 * there are more than MAXARGS - 1 words. */
static int
split_args(char *buf, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*buf != '\0' && strchr(" \t\r\n", *buf) != NULL)
			*buf++ = '\0';
		if (*buf == '\0')
			break;
		if (argc == MAXARGS - 1)
			return -1;
		argv[argc++] = buf;
		while (*buf != '\0' && strchr(" \t\r\n", *buf) == NULL)
			buf++;
	}
	argv[argc] = NULL;
	return argc;
}

/* Run one command line. */
static void
runcmd(char *buf, struct Trapframe *tf)
{
	char *argv[MAXARGS];
	int argc = split_args(buf, argv);

	if (argc < 0) {
		cprintf("Too many arguments (max %d)\n", MAXARGS - 1);
		return;
	}
	if (argc == 0)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			commands[i].func(argc, argv, tf);
			return;
		}
	cprintf("Unknown command '%s'\n", argv[0]);
}

void
monitor(struct Trapframe *tf)
{
	char *buf;

	if (tf != NULL)
		print_trapframe(tf);
	cprintf("Welcome to the JOS kernel monitor!\n");
	cprintf("Type 'help' for a list of commands.\n");

	for (;;) {
		buf = readline("K> ");
		if (buf != NULL)
			runcmd(buf, tf);
	}
}
