/* Formatted output and line input, shared by kernel and user library. */
#ifndef JOS_INC_STDIO_H
#define JOS_INC_STDIO_H

#include <inc/stdarg.h>

#ifndef NULL
#define NULL ((void *) 0)
#endif

/* Character I/O: provided by kern/console.c or lib/console.c. */
void cputchar(int c);
int getchar(void);
int iscons(int fd);		/* user programs only */

/* lib/printfmt.c: the formatting engine. */
void printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...);
void vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt,
	       va_list ap);
int snprintf(char *str, int size, const char *fmt, ...);
int vsnprintf(char *str, int size, const char *fmt, va_list ap);
int vprintfmt_runs(void (*write)(const char *s, unsigned int n),
		   const char *fmt, va_list ap);

/* kern/printf.c or lib/printf.c: print to the console. */
int cprintf(const char *fmt, ...);
int vcprintf(const char *fmt, va_list ap);

/* lib/fprintf.c (user programs): print to a file descriptor, printf to
 * fd 1.  They return the number of bytes written or an error. */
int printf(const char *fmt, ...);
int fprintf(int fd, const char *fmt, ...);
int vfprintf(int fd, const char *fmt, va_list ap);

/* lib/readline.c: read a line, echoing it; NULL on error. */
char *readline(const char *prompt);

#endif
