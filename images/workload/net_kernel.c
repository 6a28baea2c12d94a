/* Back end on kernel sockets: the socket scenario. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "net.h"

int net_init(int argc, char **argv) {
    (void)argv;
    if (argc != 0) {
        fprintf(stderr, "httpd-socket: no arguments after the port\n");
        return -1;
    }
    return 0;
}

int net_listen(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 16) < 0) {
        perror("httpd-socket");
        return -1;
    }
    return s;
}

int net_accept(int s) { return accept(s, 0, 0); }
ssize_t net_read(int c, void *buf, size_t n) { return read(c, buf, n); }
ssize_t net_write(int c, const void *buf, size_t n) { return write(c, buf, n); }
void net_close(int c) { close(c); }
const char *net_describe(void) { return "kernel sockets"; }
