/* For programs written against lwIP's headers, as classic JOS programs
 * are: the same names, from inc/socket.h.  Only user programs and the
 * user library have inc/compat on their include path. */
#include <inc/socket.h>
