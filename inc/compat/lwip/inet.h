/* For programs written against lwIP's headers: see lwip/sockets.h. */
#include <inc/socket.h>
