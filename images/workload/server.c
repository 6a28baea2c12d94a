/* The reference HTTP server: one process, one connection at a time. The network back end is
 * chosen at link time (net.h). Usage: httpd-<backend> PORT [backend arguments]. Prints
 * "listening PORT on <backend>" once it accepts connections. */
#include <stdio.h>
#include <stdlib.h>
#include "http.h"
#include "net.h"

static int write_all(int c, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = net_write(c, p, n);
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
        ssize_t r = net_read(c, buf + len, sizeof buf - len);
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
    if (net_init(argc > 2 ? argc - 2 : 0, argv + 2) != 0) return 1;
    int s = net_listen(port);
    if (s < 0) return 1;
    printf("listening %d on %s\n", port, net_describe());
    fflush(stdout);
    for (;;) {
        int c = net_accept(s);
        if (c < 0) continue;
        serve(c);
        net_close(c);
    }
}
