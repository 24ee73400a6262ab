/*
 * testpipe: end of file on pipes.  A reader must get everything written
 * and then 0 once the writer closes; a writer must get 0 once the
 * reader is gone, rather than wait forever.
 */
#include <inc/lib.h>

static const char message[] =
	"A pipe carries bytes from one env to another, in order, 32 at a time.";

/* The child reads the whole message, then end of file. */
static void
read_to_eof(void)
{
	int p[2], r;
	char buf[100];
	envid_t child;

	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		cprintf("[%08x] pipereadeof close %d\n", thisenv->env_id, p[1]);
		close(p[1]);
		cprintf("[%08x] pipereadeof readn %d\n", thisenv->env_id, p[0]);
		if ((r = readn(p[0], buf, sizeof(buf) - 1)) < 0)
			panic("read: %e", r);
		buf[r] = '\0';
		if (strcmp(buf, message) == 0)
			cprintf("\npipe read closed properly\n");
		else
			cprintf("\ngot %d bytes: %s\n", r, buf);
		exit();
	}
	cprintf("[%08x] pipereadeof close %d\n", thisenv->env_id, p[0]);
	close(p[0]);
	cprintf("[%08x] pipereadeof write %d\n", thisenv->env_id, p[1]);
	if ((r = write(p[1], message, strlen(message))) != (int) strlen(message))
		panic("write: %e", r);
	close(p[1]);
	wait(child);
}

/* The child writes until no reader is left. */
static void
write_to_closed(void)
{
	int p[2], r;
	envid_t child;

	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[0]);
		for (;;) {
			cprintf(".");
			if (write(p[1], "x", 1) != 1)
				break;
		}
		cprintf("\npipe write closed properly\n");
		exit();
	}
	close(p[0]);
	close(p[1]);
	wait(child);
}

void
umain(int argc, char **argv)
{
	binaryname = "pipereadeof";
	read_to_eof();
	binaryname = "pipewriteeof";
	write_to_closed();
	cprintf("pipe tests passed\n");
}
