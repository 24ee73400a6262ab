/* The kernel console: CGA screen, COM1 serial port and PS/2 keyboard. */
#ifndef JOS_KERN_CONSOLE_H
#define JOS_KERN_CONSOLE_H

#include <inc/types.h>

#define MONO_BASE	0x3B4
#define MONO_BUF	0xB0000
#define CGA_BASE	0x3D4
#define CGA_BUF		0xB8000

#define CRT_ROWS	25
#define CRT_COLS	80
#define CRT_SIZE	(CRT_ROWS * CRT_COLS)

/* Print n characters at once (faster than one cputchar each). */
void cons_write(const char *s, size_t n);

/* Set up the screen, the serial port and the keyboard. */
void cons_init(void);
void cons_intr_enable(void);
/* Next input character, or 0 if none is waiting.  Polls the devices. */
int cons_getc(void);

/* Interrupt handlers: move waiting input into the console buffer. */
void kbd_intr(void);
void serial_intr(void);

#endif
