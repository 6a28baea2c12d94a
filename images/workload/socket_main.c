/* Socket build of the reference workload: one process, one connection at a time, on kernel
 * sockets. Usage: httpd-socket [port]. Prints "listening <port>" once accept() is ready. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "http.h"

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void serve(int c) {
    char buf[4096];
    size_t len = 0;
    while (len < sizeof buf && !http_request_complete(buf, len)) {
        ssize_t r = read(c, buf + len, sizeof buf - len);
        if (r <= 0) return;
        len += (size_t)r;
    }
    struct http_reply rep;
    http_reply_for(buf, len, &rep);
    if (write_all(c, rep.head, rep.head_len) == 0 && rep.body_len)
        write_all(c, rep.body, rep.body_len);
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 80;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 16) < 0) {
        perror("httpd-socket");
        return 1;
    }
    printf("listening %d\n", port);
    fflush(stdout);
    for (;;) {
        int c = accept(s, 0, 0);
        if (c < 0) continue;
        serve(c);
        close(c);
    }
}
