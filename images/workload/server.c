/* The reference HTTP server: one process, one connection at a time. The network back end is
 * chosen at link time (net.h). Usage: httpd-<backend> PORT [backend arguments]. Prints
 * "listening PORT on <backend>" once it accepts connections. With HAPMETER_SECCOMP=FILE it first
 * confines itself to the syscalls FILE lists (the nabla idea: a libOS process behind a tiny
 * allowlist), after its setup, as nabla's tender does. A violation prints the syscall's number and
 * kills the process with SIGSYS. With HAPMETER_SPAWN_AFTER=N (the traced-set test) it starts a thread after its
 * Nth request and forks a short-lived child in every later one: tasks that exist at no START. */
#include <dirent.h>
#include <errno.h>
#include <linux/audit.h>
#include <malloc.h>
#include <signal.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "http.h"
#include "net.h"

/* A BPF jump offset is 8 bits: the allow is at most 255 instructions past a comparison. */
#define MAX_ALLOWED 250

/* Memory up front, as a libOS gets it from its tender: one malloc arena (a thread's first
 * allocation would otherwise map an arena of its own), grown by RESERVE at its first growth and
 * never trimmed nor served by mmap, so no allocation after the setup needs the kernel. Without it
 * the confined server dies, at random, on the mmap or mprotect of an arena the measured request
 * never needed. Must run before the back end starts its threads. */
#define RESERVE (16 << 20)
static void reserve_memory(void) {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, RESERVE * 2);
    mallopt(M_TOP_PAD, RESERVE);
    free(malloc(1));
}

/* A violation traps here (the filter's action is SECCOMP_RET_TRAP): say which syscall, then make
 * one that no list holds (there is no syscall 999); with SIGSYS blocked inside its own handler,
 * the kernel kills the process with SIGSYS. exit_group only if that ever returned. write(2)
 * only: it is on every list this server runs under. */
static void on_sigsys(int sig, siginfo_t *si, void *ctx) {
    (void)sig;
    (void)ctx;
    char msg[48] = "seccomp: syscall ";
    size_t n = strlen(msg);
    char digits[12];
    int d = 0;
    unsigned nr = (unsigned)si->si_syscall;
    do {
        digits[d++] = (char)('0' + nr % 10);
        nr /= 10;
    } while (nr);
    while (d) msg[n++] = digits[--d];
    memcpy(msg + n, " not allowed\n", 13);
    if (write(2, msg, n + 13) < 0) {
        /* nothing more to say */
    }
    syscall(999);
    syscall(SYS_exit_group, 128 + SIGSYS);
}

static int listed(long nr, const unsigned *nrs, unsigned n) {
    for (unsigned k = 0; k < n; k++)
        if (nrs[k] == nr) return 1;
    return 0;
}

/* The back end's threads must be through their start before the filter: a thread still in glibc's
 * start-up (rseq, set_robust_list, rt_sigprocmask, with every signal blocked) would be killed
 * there, at random, on one vCPU. Waits until every other thread sleeps in a syscall of the
 * allowlist (/proc/self/task/TID/syscall: the number it is blocked in, or "running"). */
static int settle(const unsigned *nrs, unsigned n) {
    long self = syscall(SYS_gettid);
    for (int tries = 0; tries < 5000; tries++) {
        DIR *d = opendir("/proc/self/task");
        if (!d) {
            fprintf(stderr, "seccomp: /proc/self/task: %s\n", strerror(errno));
            return -1;
        }
        int settled = 1;
        struct dirent *e;
        while (settled && (e = readdir(d))) {
            long tid = atol(e->d_name);
            if (tid <= 0 || tid == self) continue;
            char path[64], buf[64] = "";
            snprintf(path, sizeof path, "/proc/self/task/%ld/syscall", tid);
            FILE *f = fopen(path, "r");
            int got = f && fgets(buf, sizeof buf, f) != NULL;
            if (f) fclose(f);
            char *end;
            long nr = strtol(buf, &end, 10);
            settled = got && end != buf && listed(nr, nrs, n);
        }
        closedir(d);
        if (settled) return 0;
        usleep(1000);
    }
    fprintf(stderr, "seccomp: a thread never settled in an allowed syscall within 5 s\n");
    return -1;
}

/* Installs a filter on every thread (TSYNC: lwIP's threads exist already) that kills the process
 * on any syscall whose number is not on a line "NR NAME" of FILE (after on_sigsys has named it).
 * Returns 0 or prints why not. */
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
    if (settle(nrs, n) != 0) return -1;
    struct sock_filter prog[5 + MAX_ALLOWED + 2];
    unsigned i = 0;
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (unsigned k = 0; k < n; k++)
        /* on a match, jump over the remaining comparisons and the kill to the allow */
        prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[k], n - k, 0);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
    prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog fprog = {.len = (unsigned short)i, .filter = prog};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGSYS, &sa, NULL) != 0) {
        fprintf(stderr, "seccomp: cannot handle SIGSYS: %s\n", strerror(errno));
        return -1;
    }
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

/* The traced-set test's tasks: syscalls the server itself never makes, so their functions show whose they are. */
static void *ticker(void *arg) {
    (void)arg;
    for (;;) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        usleep(20000);
    }
    return NULL;
}

static void spawn_child(void) {
    pid_t child = fork();
    if (child == 0) {
        struct utsname u;
        uname(&u);
        _exit(0);
    }
    if (child > 0) waitpid(child, NULL, 0);
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 80;
    const char *allow = getenv("HAPMETER_SECCOMP");
    if (allow) reserve_memory();
    if (net_init(argc > 2 ? argc - 2 : 0, argv + 2) != 0) return 1;
    int s = net_listen(port);
    if (s < 0) return 1;
    if (allow && confine(allow) != 0) return 1;
    printf("listening %d on %s\n", port, net_describe());
    fflush(stdout);
    const char *spawn = getenv("HAPMETER_SPAWN_AFTER");
    long spawn_after = spawn ? atol(spawn) : -1;
    for (long served = 0;; served++) {
        int c = net_accept(s);
        if (c < 0) continue;
        if (spawn_after >= 0 && served >= spawn_after) spawn_child();
        serve(c);
        net_close(c);
        pthread_t t;
        if (spawn_after >= 0 && served + 1 == spawn_after && pthread_create(&t, NULL, ticker, NULL) != 0)
            fprintf(stderr, "httpd: cannot start the spawn test's thread\n");
    }
}
