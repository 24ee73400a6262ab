/*
 * Flag parsing: "prog -ab -c value file" yields 'a', 'b', 'c' (whose value
 * argvalue() fetches), then -1 with argv left as "prog file".  Flags end
 * at the first word not starting with '-', at a lone "-", and after "--",
 * which is itself removed.
 */
#include <inc/lib.h>

/* Remove argv[1] from args's argument vector. */
static void
drop_first_operand(struct Argstate *args)
{
	int i;

	for (i = 1; i < *args->argc; i++)
		args->argv[i] = args->argv[i + 1];
	(*args->argc)--;
}

/* Start parsing the flags of argc/argv (argv[0] is the program name and
 * stays).  A NULL argv (a program the kernel started) has no flags. */
void
argstart(int *argc, char **argv, struct Argstate *args)
{
	args->argc = argc;
	args->argv = (const char **) argv;
	args->curarg = (*argc > 1 && argv) ? "" : NULL;
	args->argvalue = NULL;
}

/* The next flag character, or -1 when the flags are done. */
int
argnext(struct Argstate *args)
{
	const char *word;

	args->argvalue = NULL;
	if (args->curarg == NULL)
		return -1;
	if (*args->curarg == '\0') {
		/* The last flag word is used up: look at the next word. */
		word = *args->argc > 1 ? args->argv[1] : NULL;
		if (word == NULL || word[0] != '-' || word[1] == '\0') {
			args->curarg = NULL;
			return -1;
		}
		drop_first_operand(args);
		if (strcmp(word, "--") == 0) {
			args->curarg = NULL;
			return -1;
		}
		args->curarg = word + 1;
	}
	return (unsigned char) *args->curarg++;
}

/* The value of the flag argnext just returned: the rest of its word
 * ("-cvalue"), else the next word, which is consumed; NULL if none.
 * Call it once per flag; argvalue() returns it again. */
char *
argnextvalue(struct Argstate *args)
{
	if (args->curarg == NULL)
		return NULL;
	if (*args->curarg != '\0') {
		args->argvalue = args->curarg;
		args->curarg = "";
	} else if (*args->argc > 1) {
		args->argvalue = args->argv[1];
		drop_first_operand(args);
	} else {
		args->argvalue = NULL;
	}
	return (char *) args->argvalue;
}

/* The value of the current flag, fetched on the first call. */
char *
argvalue(struct Argstate *args)
{
	return (char *) (args->argvalue ? args->argvalue : argnextvalue(args));
}
