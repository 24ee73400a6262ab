/*
 * pipeshare: pipes whose ends several envs hold, as forked children hold
 * them, best run on several CPUs.  Prints "pipeshare: CHECK ok" for each
 * of:
 *   last bytes       a writer that writes and exits: its reader gets every
 *                    byte before end of file (ROUNDS times)
 *   shared ends      WRITERS writers and READERS readers of one pipe: each
 *                    byte written is read exactly once, and every reader
 *                    sees end of file
 *   whole records    writes of RECORD (<= 32) bytes from several writers
 *                    reach one reader whole, never interleaved
 * then "pipeshare: done".  Anything else is a panic line.
 */
#include <inc/lib.h>

#define ROUNDS		300
#define LAST_BYTES	200
#define WRITERS		3
#define READERS		3
#define PER_WRITER	40000
#define RECORD		24
#define RECORDS		3000

/* Shared with the children (PTE_SHARE): what each reader counted. */
struct Tally {
	uint32_t hist[READERS][256];	/* bytes of each value read */
	uint32_t eof[READERS];		/* saw end of file */
};
static struct Tally *const tally = (struct Tally *) 0x50000000;

static void
expect(const char *what, int got, int want)
{
	if (got != want)
		panic("%s: got %d (%e), want %d", what, got, got, want);
}

/* The value of byte i of writer w. */
static uint8_t
byte_of(int w, int i)
{
	return (uint8_t) (w * 71 + i * 13 + (i >> 8));
}

static void
last_bytes(void)
{
	char buf[LAST_BYTES];

	for (int round = 0; round < ROUNDS; round++) {
		int p[2], n;
		envid_t id;

		expect("pipe", pipe(p), 0);
		if ((id = fork()) < 0)
			panic("fork: %e", id);
		if (id == 0) {
			close(p[0]);
			memset(buf, 'a' + round % 26, sizeof buf);
			expect("write", write(p[1], buf, sizeof buf),
			       sizeof buf);
			exit();
		}
		close(p[1]);
		n = readn(p[0], buf, sizeof buf);
		expect("bytes read before end of file", n, LAST_BYTES);
		expect("then end of file", read(p[0], buf, 1), 0);
		close(p[0]);
		wait(id);
	}
	cprintf("pipeshare: last bytes ok\n");
}

static void
reader(int r, int fd)
{
	uint8_t buf[64];
	int n;

	while ((n = read(fd, buf, r == 0 ? 1 : sizeof buf)) > 0)
		for (int i = 0; i < n; i++)
			tally->hist[r][buf[i]]++;
	expect("read", n, 0);
	tally->eof[r] = 1;
	exit();
}

static void
writer(int w, int fd)
{
	uint8_t buf[100];

	for (int i = 0; i < PER_WRITER;) {
		int n = MIN((int) sizeof buf, 1 + (i * 7 + w) % 97);

		n = MIN(n, PER_WRITER - i);
		for (int j = 0; j < n; j++)
			buf[j] = byte_of(w, i + j);
		expect("write", write(fd, buf, n), n);
		i += n;
	}
	exit();
}

static void
shared_ends(void)
{
	uint32_t want[256] = { 0 };
	envid_t kids[WRITERS + READERS];
	int p[2], k = 0;

	expect("tally page", sys_page_alloc(0, tally,
		PTE_P | PTE_U | PTE_W | PTE_SHARE), 0);
	expect("pipe", pipe(p), 0);
	for (int r = 0; r < READERS; r++) {
		if ((kids[k++] = fork()) == 0) {
			close(p[1]);
			reader(r, p[0]);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		if ((kids[k++] = fork()) == 0) {
			close(p[0]);
			writer(w, p[1]);
		}
	}
	close(p[0]);
	close(p[1]);
	for (int i = 0; i < k; i++)
		wait(kids[i]);

	for (int w = 0; w < WRITERS; w++)
		for (int i = 0; i < PER_WRITER; i++)
			want[byte_of(w, i)]++;
	for (int v = 0; v < 256; v++) {
		uint32_t got = 0;

		for (int r = 0; r < READERS; r++)
			got += tally->hist[r][v];
		if (got != want[v])
			panic("byte value %d read %u times, written %u", v,
			      got, want[v]);
	}
	for (int r = 0; r < READERS; r++)
		expect("reader saw end of file", tally->eof[r], 1);
	sys_page_unmap(0, tally);
	cprintf("pipeshare: shared ends ok\n");
}

static void
whole_records(void)
{
	uint8_t rec[RECORD];
	int p[2], seen[WRITERS] = { 0 }, n;
	envid_t kids[WRITERS];

	expect("pipe", pipe(p), 0);
	for (int w = 0; w < WRITERS; w++) {
		if ((kids[w] = fork()) == 0) {
			close(p[0]);
			for (int i = 0; i < RECORDS; i++) {
				memset(rec, w * RECORDS + i, sizeof rec);
				rec[0] = w;
				expect("write", write(p[1], rec, sizeof rec),
				       sizeof rec);
			}
			exit();
		}
	}
	close(p[1]);
	while ((n = readn(p[0], rec, sizeof rec)) == sizeof rec) {
		int w = rec[0];

		if (w >= WRITERS)
			panic("record from writer %d", w);
		for (int j = 1; j < RECORD; j++)
			if (rec[j] != (uint8_t) (w * RECORDS + seen[w]))
				panic("writer %d's record %d mixed up", w,
				      seen[w]);
		seen[w]++;
	}
	expect("end of file", n, 0);
	for (int w = 0; w < WRITERS; w++) {
		expect("records of a writer", seen[w], RECORDS);
		wait(kids[w]);
	}
	close(p[0]);
	cprintf("pipeshare: whole records ok\n");
}

void
umain(int argc, char **argv)
{
	last_bytes();
	shared_ends();
	whole_records();
	cprintf("pipeshare: done\n");
}
