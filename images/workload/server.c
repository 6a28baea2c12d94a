/* The reference HTTP server: one process, one connection at a time. The network back end is
 * chosen at link time (net.h). Usage: httpd-<backend> PORT [backend arguments]. Prints
 * "listening PORT on <backend>" once it accepts connections. With HAPMETER_SECCOMP=FILE it first
 * confines itself to the syscalls FILE lists (the nabla idea: a libOS process behind a tiny
 * allowlist), after its setup, as nabla's tender does. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "http.h"
#include "net.h"

/* A BPF jump offset is 8 bits: the allow is at most 255 instructions past a comparison. */
#define MAX_ALLOWED 250

/* Installs a filter on every thread (TSYNC: lwIP's threads exist already) that kills the process
 * on any syscall whose number is not on a line "NR NAME" of FILE. Returns 0 or prints why not. */
static int confine(const char *file) {
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "seccomp: %s: %s\n", file, strerror(errno));
        return -1;
    }
    unsigned nrs[MAX_ALLOWED];
    unsigned n = 0, nr;
    char name[64];
    while (fscanf(f, "%u %63s", &nr, name) == 2) {
        if (n == MAX_ALLOWED) {
            fprintf(stderr, "seccomp: %s lists more than %d syscalls\n", file, MAX_ALLOWED);
            fclose(f);
            return -1;
        }
        nrs[n++] = nr;
    }
    fclose(f);
    struct sock_filter prog[5 + MAX_ALLOWED + 2];
    unsigned i = 0;
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (unsigned k = 0; k < n; k++)
        /* on a match, jump over the remaining comparisons and the kill to the allow */
        prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[k], n - k, 0);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog fprog = {.len = (unsigned short)i, .filter = prog};
    /* Before the filter: the first output sets up stdio with syscalls the server never makes again. */
    printf("seccomp: %u syscalls allowed\n", n);
    fflush(stdout);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &fprog) != 0) {
        fprintf(stderr, "seccomp: cannot install the filter: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

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
    const char *allow = getenv("HAPMETER_SECCOMP");
    if (allow && confine(allow) != 0) return 1;
    printf("listening %d on %s\n", port, net_describe());
    fflush(stdout);
    for (;;) {
        int c = net_accept(s);
        if (c < 0) continue;
        serve(c);
        net_close(c);
    }
}
