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
	MAXERROR
};

#endif
