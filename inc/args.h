/* Command-line flag parsing for user programs (lib/args.c). */
#ifndef JOS_INC_ARGS_H
#define JOS_INC_ARGS_H

/*
 * The state of one pass over a program's flags.  argc and argv point at
 * the program's own, which argnext edits: each flag word it finishes is
 * removed, so that when it returns -1 only the operands are left.
 */
struct Argstate {
	int *argc;
	const char **argv;
	const char *curarg;	/* rest of the flag word being read, or NULL */
	const char *argvalue;	/* value of the last flag, once asked for */
};

void argstart(int *argc, char **argv, struct Argstate *args);
int argnext(struct Argstate *args);
char *argnextvalue(struct Argstate *args);
char *argvalue(struct Argstate *args);

#endif
