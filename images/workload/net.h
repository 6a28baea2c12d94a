/* The server's network back end. server.c is written against this interface only, so the same
 * program runs on kernel sockets (net_kernel.c) or on lwIP over a tap device (net_lwip.c). */
#ifndef HAPMETER_NET_H
#define HAPMETER_NET_H
#include <stddef.h>
#include <sys/types.h>

/* Back-end arguments (after the port) from the command line; returns 0 or prints why not. */
int net_init(int argc, char **argv);
/* A listening TCP socket on all addresses, or -1. */
int net_listen(int port);
int net_accept(int s);
ssize_t net_read(int c, void *buf, size_t n);
ssize_t net_write(int c, const void *buf, size_t n);
void net_close(int c);
/* What the back end is, for the ready line. */
const char *net_describe(void);

#endif
