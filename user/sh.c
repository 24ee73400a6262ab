/*
 * sh: the shell.
 *
 *	sh [-d] [-i] [-x] [command-file]
 *
 * Reads commands from fd 0 (or command-file) one line at a time and runs
 * each line in a forked child, waiting for it before reading the next.
 * A line is a list of pipelines, each ended by ';' (run it and wait) or
 * '&' (do not wait); a pipeline is commands joined by '|'; a command is
 * words, with "< file" and "> file" redirecting its fds 0 and 1.  Text in
 * '...' or "..." is part of a word, spaces and symbols included.  A line
 * starting with '#' is a comment.  A command NAME runs the program /NAME
 * from the disk; "exit" ends the shell.
 *
 * Flags: -i prompts with "$ " although fd 0 is not the console (it is
 * otherwise interactive only when it is); -x prints each line, as
 * "# LINE", on fd 1 before running it; -d prints debugging output on the
 * console.
 */
#include <inc/lib.h>

#define MAXARGS		16	/* words in one command */
#define MAXTOKENS	256
#define MAXCMDS		32	/* commands in one line */
#define LINEMAX		1024

#define WHITESPACE	" \t\r\n"
#define SYMBOLS		"<>|&;()"

static bool debug;

#define dprintf(...)	do { if (debug) cprintf(__VA_ARGS__); } while (0)

/* A token: a word (type 'w', with its text) or a symbol (its character). */
struct token {
	int type;
	char *word;
};

/* One command of a pipeline. */
struct command {
	const char *argv[MAXARGS + 1];
	int argc;
	const char *input;	/* "< file", or NULL */
	const char *output;	/* "> file", or NULL */
};

/* One line, parsed: its commands in order, each with what ends it. */
struct line {
	struct command cmds[MAXCMDS];
	int ends[MAXCMDS];	/* '|', ';' or '&' */
	int ncmds;
};

/*
 * Split s into tokens, copying words (without their quotes) into
 * wordbuf, which must be as long as s.  Returns the number of tokens, or
 * -1 after printing a syntax error.
 */
static int
tokenize(const char *s, struct token *toks, char *wordbuf)
{
	int n = 0;
	char quote;

	for (;;) {
		while (*s && strchr(WHITESPACE, *s))
			s++;
		if (*s == '\0')
			return n;
		if (n == MAXTOKENS) {
			printf("syntax error: line too long\n");
			return -1;
		}
		if (strchr(SYMBOLS, *s)) {
			toks[n++] = (struct token) { *s++, NULL };
			continue;
		}
		toks[n++] = (struct token) { 'w', wordbuf };
		while (*s && !strchr(WHITESPACE, *s) && !strchr(SYMBOLS, *s)) {
			if (*s != '\'' && *s != '"') {
				*wordbuf++ = *s++;
				continue;
			}
			for (quote = *s++; *s && *s != quote; )
				*wordbuf++ = *s++;
			if (*s++ != quote) {
				printf("syntax error: unterminated %c\n", quote);
				return -1;
			}
		}
		*wordbuf++ = '\0';
	}
}

/* Parse tokens into ln.  Returns 0, or -1 after printing a syntax error. */
static int
parse(struct token *toks, int ntoks, struct line *ln)
{
	struct command *cmd = &ln->cmds[0];
	int i;

	memset(ln, 0, sizeof(*ln));
	for (i = 0; i < ntoks; i++) {
		switch (toks[i].type) {
		case 'w':
			if (cmd->argc == MAXARGS) {
				printf("too many arguments\n");
				return -1;
			}
			cmd->argv[cmd->argc++] = toks[i].word;
			break;
		case '<':
		case '>':
			if (i + 1 == ntoks || toks[i + 1].type != 'w') {
				printf("syntax error: %c not followed by word\n",
				       toks[i].type);
				return -1;
			}
			if (toks[i].type == '<')
				cmd->input = toks[++i].word;
			else
				cmd->output = toks[++i].word;
			break;
		case '|':
		case ';':
		case '&':
			if (cmd->argc == 0 && (toks[i].type == '|' ||
			    (ln->ncmds > 0 && ln->ends[ln->ncmds - 1] == '|'))) {
				printf("syntax error: empty command in a pipe\n");
				return -1;
			}
			if (cmd->argc == 0)
				break;		/* an empty command: nothing to run */
			if (ln->ncmds + 1 == MAXCMDS) {
				printf("syntax error: too many commands\n");
				return -1;
			}
			ln->ends[ln->ncmds++] = toks[i].type;
			cmd = &ln->cmds[ln->ncmds];
			break;
		default:
			printf("syntax error: %c is not supported\n", toks[i].type);
			return -1;
		}
	}
	if (cmd->argc > 0) {
		ln->ends[ln->ncmds++] = ';';
	} else if (ln->ncmds > 0 && ln->ends[ln->ncmds - 1] == '|') {
		printf("syntax error: empty command in a pipe\n");
		return -1;
	}
	return 0;
}

/* Open path with mode onto fd target.  Returns 0, or -1 after saying why. */
static int
redirect(const char *path, int mode, int target)
{
	int fd = open(path, mode);

	if (fd < 0) {
		printf("open %s for %s: %e\n", path,
		       target == 0 ? "read" : "write", fd);
		return -1;
	}
	if (fd != target) {
		dup(fd, target);
		close(fd);
	}
	return 0;
}

/*
 * In a forked child, whose fds 0 and 1 are already the command's pipe
 * ends if it has any: apply cmd's redirections, spawn its program, close
 * every fd (so that pipes see their end), wait for the program, and
 * exit.
 */
static void __attribute__((noreturn))
run_command(struct command *cmd)
{
	char path[LINEMAX + 1];
	envid_t prog;

	if (cmd->input) {
		/* LAB 5: make the file named after < the command's fd 0,
		 * open for reading; if it cannot be opened, the command does
		 * not run. */
		if (redirect(cmd->input, O_RDONLY, 0) < 0)
			exit();
		/* END LAB 5 */
	}
	if (cmd->output &&
	    redirect(cmd->output, O_WRONLY | O_CREAT | O_TRUNC, 1) < 0)
		exit();

	/* Programs are found in the root directory. */
	if (cmd->argv[0][0] == '/')
		strlcpy(path, cmd->argv[0], sizeof(path));
	else
		snprintf(path, sizeof(path), "/%s", cmd->argv[0]);
	cmd->argv[0] = path;

	dprintf("[%08x] spawn %s\n", thisenv->env_id, path);
	if ((prog = spawn(path, cmd->argv)) < 0) {
		cprintf("spawn %s: %e\n", path, prog);
		exit();
	}
	close_all();
	wait(prog);
	dprintf("[%08x] %s done\n", thisenv->env_id, path);
	exit();
}

/*
 * Start commands [first, last] of ln, joined by pipes, each in a child
 * of its own.  Stores the children's ids in kids.  Returns how many it
 * started.
 */
static int
start_pipeline(struct line *ln, int first, int last, envid_t *kids)
{
	int i, p[2], prev_read = -1, nkids = 0, r;
	envid_t kid;

	for (i = first; i <= last; i++) {
		if (i < last && (r = pipe(p)) < 0) {
			printf("pipe: %e\n", r);
			break;
		}
		if ((kid = fork()) < 0) {
			printf("fork: %e\n", kid);
			if (i < last) {
				close(p[0]);
				close(p[1]);
			}
			break;
		}
		if (kid == 0) {
			if (prev_read >= 0) {
				dup(prev_read, 0);
				close(prev_read);
			}
			if (i < last) {
				dup(p[1], 1);
				close(p[0]);
				close(p[1]);
			}
			run_command(&ln->cmds[i]);
		}
		kids[nkids++] = kid;
		if (prev_read >= 0)
			close(prev_read);
		if (i < last) {
			close(p[1]);
			prev_read = p[0];
		}
	}
	if (prev_read >= 0)
		close(prev_read);
	return nkids;
}

/* Run a parsed line: each pipeline in turn, waiting for those not ended
 * by '&'. */
static void
run_line(struct line *ln)
{
	envid_t kids[MAXCMDS];
	int first, last, i, n;

	for (first = 0; first < ln->ncmds; first = last + 1) {
		for (last = first; ln->ends[last] == '|'; last++)
			;
		n = start_pipeline(ln, first, last, kids);
		if (ln->ends[last] == '&') {
			if (n > 0)
				printf("[%08x]\n", kids[n - 1]);
			continue;
		}
		for (i = 0; i < n; i++)
			wait(kids[i]);
	}
}

/* Is the line the "exit" built-in? */
static bool
is_exit(struct line *ln)
{
	return ln->ncmds == 1 && ln->cmds[0].argc == 1 &&
	       strcmp(ln->cmds[0].argv[0], "exit") == 0;
}

static void __attribute__((noreturn))
usage(void)
{
	cprintf("usage: sh [-dix] [command-file]\n");
	exit();
}

void
umain(int argc, char **argv)
{
	static struct token toks[MAXTOKENS];
	static char words[LINEMAX];
	static struct line ln;
	struct Argstate args;
	bool interactive = false, echo = false;
	char *buf;
	envid_t kid;
	int c, n, r;

	binaryname = "sh";
	argstart(&argc, argv, &args);
	while ((c = argnext(&args)) >= 0) {
		switch (c) {
		case 'd': debug = true; break;
		case 'i': interactive = true; break;
		case 'x': echo = true; break;
		default: usage();
		}
	}
	if (argc > 2)
		usage();
	if (argc == 2) {
		close(0);
		if ((r = open(argv[1], O_RDONLY)) < 0) {
			cprintf("sh: open %s: %e\n", argv[1], r);
			exit();
		}
		if (r != 0)
			panic("open %s gave fd %d, not 0", argv[1], r);
	}
	if (iscons(0) == 1)
		interactive = true;

	for (;;) {
		if ((buf = readline(interactive ? "$ " : NULL)) == NULL) {
			dprintf("sh: end of input\n");
			exit();
		}
		dprintf("LINE: %s\n", buf);
		if (buf[0] == '#')
			continue;
		if (echo)
			printf("# %s\n", buf);
		if ((n = tokenize(buf, toks, words)) < 0 ||
		    parse(toks, n, &ln) < 0)
			continue;
		if (is_exit(&ln))
			exit();
		if ((kid = fork()) < 0) {
			printf("fork: %e\n", kid);
			continue;
		}
		if (kid == 0) {
			run_line(&ln);
			exit();
		}
		wait(kid);
	}
}
