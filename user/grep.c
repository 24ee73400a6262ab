/*
 * grep [-cinv] text [file...]: print the lines of the files (or of fd 0)
 * that contain text, a plain string.  -v prints the lines that do not,
 * -i ignores case, -n puts each line's number first, -c prints only how
 * many lines matched.  With several files each line starts with its
 * file's name.
 */
#include <inc/lib.h>

#define LINE_MAX	1024

static bool invert, ignore_case, number, count_only;

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Does line contain text? */
static bool
contains(const char *line, const char *text)
{
	size_t n = strlen(text), i;

	for (; *line; line++) {
		for (i = 0; i < n && line[i]; i++)
			if (ignore_case ? lower(line[i]) != lower(text[i])
					: line[i] != text[i])
				break;
		if (i == n)
			return true;
	}
	return n == 0;
}

/* Check one line; print it if it is selected.  Returns 1 if so. */
static int
select_line(const char *line, int lineno, const char *text, const char *name)
{
	if (contains(line, text) == invert)
		return 0;
	if (count_only)
		return 1;
	if (name)
		printf("%s:", name);
	if (number)
		printf("%d:", lineno);
	printf("%s\n", line);
	return 1;
}

/* grep fd; returns the number of lines selected. */
static int
grep(int fd, const char *text, const char *name)
{
	char line[LINE_MAX + 1], c;
	int len = 0, lineno = 0, matches = 0;
	ssize_t r;

	while ((r = read(fd, &c, 1)) > 0) {
		if (c != '\n') {
			if (len < LINE_MAX)	/* longer lines are cut */
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		matches += select_line(line, ++lineno, text, name);
		len = 0;
	}
	if (len > 0) {
		line[len] = '\0';
		matches += select_line(line, ++lineno, text, name);
	}
	if (r < 0)
		printf("grep: %s: %e\n", name ? name : "<stdin>", r);
	return matches;
}

void
umain(int argc, char **argv)
{
	struct Argstate args;
	const char *name;
	int c, fd, i, n;

	binaryname = "grep";
	argstart(&argc, argv, &args);
	while ((c = argnext(&args)) >= 0) {
		switch (c) {
		case 'c': count_only = true; break;
		case 'i': ignore_case = true; break;
		case 'n': number = true; break;
		case 'v': invert = true; break;
		default: goto usage;
		}
	}
	if (argc < 2)
		goto usage;
	if (argc == 2) {
		n = grep(0, argv[1], NULL);
		if (count_only)
			printf("%d\n", n);
		return;
	}
	for (i = 2; i < argc; i++) {
		name = argc > 3 ? argv[i] : NULL;
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			printf("grep: %s: %e\n", argv[i], fd);
			continue;
		}
		n = grep(fd, argv[1], name);
		close(fd);
		if (count_only)
			printf("%s%s%d\n", name ? name : "", name ? ":" : "", n);
	}
	return;
usage:
	printf("usage: grep [-cinv] text [file...]\n");
}
