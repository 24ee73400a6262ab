/* lwIP includes <stdlib.h> for atoi (net/port/sys_arch.c). */
#include <inc/types.h>

int atoi(const char *s);
