/* echoserve: echosrv on port 7, with the tests' control connection on
 * port 80 (user/test/lib/netctl.h). */
#include "lib/netctl.h"

void
umain(int argc, char **argv)
{
	netctl("echosrv", 80);
}
