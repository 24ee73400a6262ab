/*
 * wc [file...]: count the lines, words and bytes of each file (or of
 * fd 0) and print them, with the file's name, and a total for several.
 */
#include <inc/lib.h>

struct counts {
	int lines, words, bytes;
};

static void
count(int fd, const char *what, struct counts *c)
{
	static char buf[512];
	bool in_word = false;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (i = 0; i < n; i++) {
			bool space = strchr(" \t\r\n", buf[i]) != NULL;

			if (buf[i] == '\n')
				c->lines++;
			if (!space && !in_word)
				c->words++;
			in_word = !space;
		}
	}
	if (n < 0)
		printf("wc: %s: %e\n", what, n);
}

static void
print(const struct counts *c, const char *name)
{
	printf("%7d %7d %7d%s%s\n", c->lines, c->words, c->bytes,
	       name ? " " : "", name ? name : "");
}

void
umain(int argc, char **argv)
{
	struct counts total = { 0, 0, 0 }, one;
	int fd, i;

	binaryname = "wc";
	if (argc < 2) {
		count(0, "<stdin>", &total);
		print(&total, NULL);
		return;
	}
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			printf("wc: %s: %e\n", argv[i], fd);
			continue;
		}
		one = (struct counts) { 0, 0, 0 };
		count(fd, argv[i], &one);
		close(fd);
		print(&one, argv[i]);
		total.lines += one.lines;
		total.words += one.words;
		total.bytes += one.bytes;
	}
	if (argc > 2)
		print(&total, "total");
}
