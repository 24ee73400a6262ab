/*
 * The guest half of the network tests (grade/lab6ns.py): a program that
 * runs a server (httpd, echosrv) and then takes orders from the grader on
 * a control connection, since the server itself prints nothing the
 * grader could stop at.
 */
#ifndef JOS_USER_TEST_LIB_NETCTL_H
#define JOS_USER_TEST_LIB_NETCTL_H

#include <inc/lib.h>

/*
 * Spawn program prog (no arguments), then serve control connections on
 * TCP port port, one line each: "pages" prints "netctl: N free pages"
 * (the kernel's count), "done" prints "netctl: done" and returns.
 * Anything else prints "netctl: unknown order".
 */
void netctl(const char *prog, int port);

#endif
