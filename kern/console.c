/*
 * The kernel console.  Output goes to the CGA text screen and to the COM1
 * serial port; input comes from the PS/2 keyboard and the serial port
 * through one ring buffer.  The devices fill the buffer from their
 * interrupt handlers and whenever cons_getc polls them.
 *
 * Callers serialize: the console is used with the kernel lock held, or on
 * one CPU during boot and panics.
 */

#include <inc/x86.h>
#include <inc/memlayout.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/trap.h>
#include <kern/console.h>
#include <kern/picirq.h>

/* Let a slow device catch up: port 0x84 is unused, so reading it only
 * takes time (about a microsecond each). */
static void
delay(void)
{
	inb(0x84);
	inb(0x84);
	inb(0x84);
	inb(0x84);
}

/***** Serial port (COM1, a 16550 UART) *****/

#define COM1		0x3F8
#define COM_RX		0	/* in: receive buffer */
#define COM_TX		0	/* out: transmit buffer */
#define COM_DLL		0	/* out: divisor latch low (with DLAB) */
#define COM_DLM		1	/* out: divisor latch high (with DLAB) */
#define COM_IER		1	/* out: interrupt enable */
#define   COM_IER_RDI	0x01	/*   interrupt when data arrives */
#define COM_IIR		2	/* in: interrupt identification */
#define COM_FCR		2	/* out: FIFO control */
#define COM_LCR		3	/* out: line control */
#define   COM_LCR_DLAB	0x80	/*   address the divisor latch */
#define   COM_LCR_8N1	0x03	/*   8 data bits, no parity, 1 stop bit */
#define COM_MCR		4	/* out: modem control */
#define   COM_MCR_DTR	0x01
#define   COM_MCR_RTS	0x02
#define   COM_MCR_OUT2	0x08	/*   gates the UART's interrupt line */
#define COM_LSR		5	/* in: line status */
#define   COM_LSR_DATA	0x01	/*   a received byte is waiting */
#define   COM_LSR_TXRDY	0x20	/*   transmit buffer empty */

#define COM_BAUD	9600
#define COM_DIVISOR	(115200 / COM_BAUD)

static bool serial_exists;

/* Next received byte, or -1 if none. */
static int
serial_proc_data(void)
{
	if (!(inb(COM1 + COM_LSR) & COM_LSR_DATA))
		return -1;
	return inb(COM1 + COM_RX);
}

static void cons_intr(int (*proc)(void));

void
serial_intr(void)
{
	if (serial_exists)
		cons_intr(serial_proc_data);
}

/* Send one byte, waiting a bounded time for the transmitter. */
static void
serial_send(int c)
{
	for (int i = 0; i < 12800 && !(inb(COM1 + COM_LSR) & COM_LSR_TXRDY); i++)
		delay();
	outb(COM1 + COM_TX, c);
}

/* A terminal's backspace only moves the cursor: overwrite the character
 * with a space so the erase is visible. */
static void
serial_putc(int c)
{
	if (!serial_exists)
		return;
	if (c == '\b') {
		serial_send('\b');
		serial_send(' ');
	}
	serial_send(c);
}

/* Program COM1 for COM_BAUD 8N1 with receive interrupts. */
static void
serial_init(void)
{
	outb(COM1 + COM_FCR, 0);	/* no FIFOs: one interrupt per byte */

	outb(COM1 + COM_LCR, COM_LCR_DLAB);
	outb(COM1 + COM_DLL, COM_DIVISOR & 0xff);
	outb(COM1 + COM_DLM, COM_DIVISOR >> 8);
	outb(COM1 + COM_LCR, COM_LCR_8N1);

	outb(COM1 + COM_MCR, COM_MCR_DTR | COM_MCR_RTS | COM_MCR_OUT2);
	outb(COM1 + COM_IER, COM_IER_RDI);

	/* A missing UART floats the bus: every register reads as 0xFF. */
	serial_exists = inb(COM1 + COM_LSR) != 0xFF;

	/* Drop anything latched before we were ready. */
	(void) inb(COM1 + COM_IIR);
	(void) inb(COM1 + COM_RX);
}

/***** CGA / MDA text screen *****/

/* Default attribute: light grey on black. */
#define CGA_ATTR	0x0700

/*
 * The screen shows CRT_SIZE cells of a larger text memory, starting at
 * crt_origin.  Scrolling moves the origin down a line, which the CRT
 * controller does for us, instead of copying the whole screen: under an
 * emulator every access to video memory is costly, and copying 4000
 * bytes per line made printing slow.  Only when the origin reaches the
 * end of video memory is the screen copied back to the start.
 */
static uint16_t *crt_mem;	/* all of text-mode video memory */
static unsigned crt_mem_cells;	/* its size in cells */
static unsigned crt_origin;	/* first cell on the screen */
static uint16_t *crt_buf;	/* the screen: crt_mem + crt_origin */
static uint16_t crt_pos;	/* cursor: index into crt_buf */
static unsigned addr_6845;	/* CRT controller's index port */

/* Write a 16-bit value to the CRT controller's register pair reg (high
 * byte) and reg + 1 (low byte). */
static void
crtc_write16(unsigned reg, unsigned value)
{
	outb(addr_6845, reg);
	outb(addr_6845 + 1, value >> 8);
	outb(addr_6845, reg + 1);
	outb(addr_6845 + 1, value);
}

/* Cursor location registers: 14 and 15. */
static void
cga_set_cursor(void)
{
	crtc_write16(14, crt_origin + crt_pos);
}

/* Display start address registers: 12 and 13. */
static void
cga_set_origin(void)
{
	crtc_write16(12, crt_origin);
}

/* Find the text buffer (colour, else monochrome) and the cursor. */
static void
cga_init(void)
{
	volatile uint16_t *cp = (uint16_t *) (KERNBASE + CGA_BUF);
	uint16_t was = *cp;
	unsigned pos;

	/* Write a pattern and read it back to see whether memory is there. */
	*cp = 0xA55A;
	if (*cp != 0xA55A) {
		cp = (uint16_t *) (KERNBASE + MONO_BUF);
		addr_6845 = MONO_BASE;
		crt_mem_cells = CRT_SIZE;	/* 4 KB: no room to scroll */
	} else {
		*cp = was;
		addr_6845 = CGA_BASE;
		crt_mem_cells = 0x8000 / sizeof(uint16_t);
	}
	crt_mem = crt_buf = (uint16_t *) cp;
	crt_origin = 0;
	cga_set_origin();

	/* Cursor location registers: 14 high byte, 15 low byte. */
	outb(addr_6845, 14);
	pos = inb(addr_6845 + 1) << 8;
	outb(addr_6845, 15);
	pos |= inb(addr_6845 + 1);
	crt_pos = pos < CRT_SIZE ? pos : 0;
}

/* Move everything up a line and blank the bottom line. */
static void
cga_scroll(void)
{
	if (crt_origin + CRT_SIZE + CRT_COLS <= crt_mem_cells) {
		crt_origin += CRT_COLS;
	} else {
		memmove(crt_mem, crt_buf + CRT_COLS,
			(CRT_SIZE - CRT_COLS) * sizeof(uint16_t));
		crt_origin = 0;
	}
	crt_buf = crt_mem + crt_origin;
	for (int i = CRT_SIZE - CRT_COLS; i < CRT_SIZE; i++)
		crt_buf[i] = CGA_ATTR | ' ';
	crt_pos -= CRT_COLS;
	cga_set_origin();
}

/*
 * Draw c at the cursor.  The byte above the character is its attribute;
 * without one the default is used.  \n also returns to column 0.
 */
static void
cga_putc(int c)
{
	if (!(c & ~0xFF))
		c |= CGA_ATTR;

	switch (c & 0xFF) {
	case '\b':
		if (crt_pos > 0)
			crt_buf[--crt_pos] = (c & ~0xFF) | ' ';
		break;
	case '\n':
		crt_pos += CRT_COLS;
		crt_pos -= crt_pos % CRT_COLS;
		break;
	case '\r':
		crt_pos -= crt_pos % CRT_COLS;
		break;
	case '\t':
		do
			crt_buf[crt_pos++] = (c & ~0xFF) | ' ';
		while (crt_pos % 8 != 0 && crt_pos % CRT_COLS != 0);
		break;
	default:
		crt_buf[crt_pos++] = c;
		break;
	}

	if (crt_pos >= CRT_SIZE)
		cga_scroll();
}

/***** PS/2 keyboard *****/

#define KBSTATP		0x64	/* status port */
#define   KBS_DIB	0x01	/*   data in buffer */
#define   KBS_AUX	0x20	/*   the data is from the mouse */
#define KBDATAP		0x60	/* data port */

/* Codes for keys with no ASCII meaning, above the ASCII range. */
enum {
	KEY_HOME = 0xE0, KEY_END, KEY_UP, KEY_DN, KEY_LF, KEY_RT,
	KEY_PGUP, KEY_PGDN, KEY_INS, KEY_DEL,
};

/* Modifier state bits. */
#define MOD_SHIFT	0x01
#define MOD_CTL		0x02
#define MOD_ALT		0x04
#define MOD_CAPSLOCK	0x08	/* toggles on each press */
#define MOD_E0ESC	0x40	/* the previous byte was the 0xE0 prefix */

/*
 * Scan code set 1, keys 0x00 to 0x39, unshifted and shifted.  A 0 is a
 * modifier or a key we ignore.  The strings are split where a hex escape
 * would otherwise swallow the next character.
 */
static const char plainmap[0x3A] =
	"\0\x1b" "1234567890-=\b\t"
	"qwertyuiop[]\n\0"
	"asdfghjkl;'`\0"
	"\\zxcvbnm,./\0*\0 ";
static const char shiftmap[0x3A] =
	"\0\x1b" "!@#$%^&*()_+\b\t"
	"QWERTYUIOP{}\n\0"
	"ASDFGHJKL:\"~\0"
	"|ZXCVBNM<>?\0*\0 ";

/* The keypad, 0x47 to 0x53, always read as digits (num lock on). */
#define KEYPAD_FIRST	0x47
static const char keypadmap[] = "789-456+1230.";

/* The modifier each scan code sets, if any (after any 0xE0 prefix too). */
static uint8_t
modifier_of(uint8_t code)
{
	switch (code) {
	case 0x1D: return MOD_CTL;
	case 0x2A: case 0x36: return MOD_SHIFT;
	case 0x38: return MOD_ALT;
	default: return 0;
	}
}

/* The character of a key that follows the 0xE0 prefix, or 0. */
static int
e0_key(uint8_t code)
{
	switch (code) {
	case 0x1C: return '\n';		/* keypad enter */
	case 0x35: return '/';		/* keypad slash */
	case 0x47: return KEY_HOME;
	case 0x48: return KEY_UP;
	case 0x49: return KEY_PGUP;
	case 0x4B: return KEY_LF;
	case 0x4D: return KEY_RT;
	case 0x4F: return KEY_END;
	case 0x50: return KEY_DN;
	case 0x51: return KEY_PGDN;
	case 0x52: return KEY_INS;
	case 0x53: return KEY_DEL;
	default: return 0;
	}
}

/* Apply the modifiers to the character of a pressed key. */
static int
apply_modifiers(uint8_t code, unsigned mods)
{
	int c = (mods & MOD_SHIFT) ? shiftmap[code] : plainmap[code];

	/* Caps lock inverts shift for letters only. */
	if ((mods & MOD_CAPSLOCK) && plainmap[code] >= 'a' && plainmap[code] <= 'z')
		c ^= 0x20;
	/* Control maps @, A-Z, [, \, ], ^, _ (either case) to 0..31. */
	if ((mods & MOD_CTL) && (c | 0x20) >= '`' && (c | 0x20) <= 0x7f)
		c &= 0x1F;
	return c;
}

/*
 * Read one byte from the keyboard and turn it into a character.
 * Returns -1 when the controller has nothing, 0 for a byte that makes no
 * character (a release, a modifier, a mouse byte), else the character.
 */
static int
kbd_proc_data(void)
{
	static unsigned mods;
	uint8_t stat = inb(KBSTATP), code;
	bool e0, release;

	if (!(stat & KBS_DIB))
		return -1;
	code = inb(KBDATAP);
	if (stat & KBS_AUX)
		return 0;
	if (code == 0xE0) {
		mods |= MOD_E0ESC;
		return 0;
	}

	e0 = mods & MOD_E0ESC;
	mods &= ~MOD_E0ESC;
	release = code & 0x80;
	code &= 0x7F;

	if (release) {
		mods &= ~modifier_of(code);
		return 0;
	}
	if (modifier_of(code)) {
		mods |= modifier_of(code);
		return 0;
	}
	if (e0)
		return e0_key(code);
	if (code == 0x3A) {
		mods ^= MOD_CAPSLOCK;
		return 0;
	}
	if (code < sizeof(plainmap))
		return apply_modifiers(code, mods);
	if (code >= KEYPAD_FIRST && code < KEYPAD_FIRST + sizeof(keypadmap) - 1)
		return keypadmap[code - KEYPAD_FIRST];
	return 0;
}

void
kbd_intr(void)
{
	cons_intr(kbd_proc_data);
}

/***** The device-independent console *****/

#define CONSBUFSIZE 512

/* Input ring buffer: rpos == wpos means empty. */
static struct {
	uint8_t buf[CONSBUFSIZE];
	uint32_t rpos;
	uint32_t wpos;
} cons;

/*
 * Drain a device: call proc until it returns -1, keeping each non-zero
 * character.  When the buffer is full the oldest input is dropped.
 */
static void
cons_intr(int (*proc)(void))
{
	int c;

	while ((c = proc()) != -1) {
		if (c == 0)
			continue;
		cons.buf[cons.wpos++ % CONSBUFSIZE] = c;
		if (cons.wpos - cons.rpos > CONSBUFSIZE)
			cons.rpos++;
	}
}

int
cons_getc(void)
{
	/* Poll too: the monitor may run with interrupts off. */
	serial_intr();
	kbd_intr();

	if (cons.rpos == cons.wpos)
		return 0;
	return cons.buf[cons.rpos++ % CONSBUFSIZE];
}

void
cons_init(void)
{
	cga_init();
	serial_init();
	/* Drain bytes the keyboard sent before boot so its interrupt line
	 * is not left asserted. */
	kbd_intr();
	cons.rpos = cons.wpos;
	if (!serial_exists)
		cprintf("Serial port does not exist!\n");
}

/* Let the keyboard and the serial port interrupt, from lab 5 on
 * (kern/init.c): until then the console is only polled, so that an
 * earlier lab's kernel never takes an interrupt that lab 5's code
 * handles. */
void
cons_intr_enable(void)
{
	irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_KBD));
	if (serial_exists)
		irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_SERIAL));
}

/*
 * Print n characters on the screen and the serial port.  The screen's
 * cursor moves once, at the end: each move is four I/O port writes,
 * which cost more than the characters themselves under an emulator.
 */
void
cons_write(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		serial_putc(s[i]);
		cga_putc((unsigned char) s[i]);
	}
	cga_set_cursor();
}

/* Print one character on the screen and the serial port. */
void
cputchar(int c)
{
	serial_putc(c);
	cga_putc(c);
	cga_set_cursor();
}

/* Wait for and return the next input character. */
int
getchar(void)
{
	int c;

	while ((c = cons_getc()) == 0)
		;
	return c;
}
