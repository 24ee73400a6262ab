/* Error codes.  System calls and library functions return them negated. */
#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

enum {
	E_UNSPECIFIED = 1,	/* something went wrong */
	E_BAD_ENV,		/* no such env, or not allowed to touch it */
	E_INVAL,		/* an argument is out of range */
	E_NO_MEM,		/* out of physical memory */
	E_NO_FREE_ENV,		/* every env slot is in use */
	E_FAULT,		/* a memory access went wrong */
	E_IPC_NOT_RECV,		/* the target is not waiting for a message */
	E_EOF,			/* end of input */
	E_NO_DISK,		/* no free block left on the disk */
	E_MAX_OPEN,		/* no free file descriptor or open-file slot */
	E_NOT_FOUND,		/* no such file or block */
	E_BAD_PATH,		/* a path or name is too long or malformed */
	E_FILE_EXISTS,		/* O_EXCL and the file exists */
	E_NOT_EXEC,		/* not an ELF executable spawn can load */
	E_NOT_SUPP,		/* the device has no such operation */
	E_AGAIN,		/* not now: a ring is full or empty; try again */
	MAXERROR
};

#endif
