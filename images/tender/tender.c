/* The part of the spt and hvt tenders that does not depend on how the unikernel runs: see
 * tender.h. After tender_confine only the system calls the hypercalls need are left, so nothing
 * here may use stdio or malloc once the unikernel runs: messages are formatted with snprintf and
 * written with write(2). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "tender.h"

static const char *self = "tender";
static int err_fd = 2; /* stdout once confined: the filter allows no write on stderr */
static int tap_fd = -1, epoll_fd = -1, timer_fd = -1;

__attribute__((noreturn)) static void vdie(int err, const char *fmt, va_list ap) {
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%s: ", self);
    n += vsnprintf(msg + n, sizeof msg - n, fmt, ap);
    if (err && n < (int)sizeof msg) n += snprintf(msg + n, sizeof msg - n, ": %s (errno %d)", strerror(err), err);
    if (n > (int)sizeof msg - 2) n = sizeof msg - 2;
    msg[n++] = '\n';
    (void)write(err_fd, msg, n); /* on failure there is nowhere left to report it */
    _exit(1);
}

void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdie(0, fmt, ap);
}

void die_errno(const char *fmt, ...) {
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vdie(err, fmt, ap);
}

void tender_parse(int argc, char **argv, struct tender_args *a) {
    const char *slash = strrchr(argv[0], '/');
    self = slash ? slash + 1 : argv[0];
    /* the default differs from the kvm scenario's NIC, so the bridge never confuses the two */
    memcpy(a->mac, (uint8_t[]){0x52, 0x54, 0x00, 0x48, 0x4d, 0x02}, 6);
    int i = 1;
    if (i < argc && strncmp(argv[i], "--mac=", 6) == 0) {
        unsigned m[6];
        char end;
        if (sscanf(argv[i] + 6, "%x:%x:%x:%x:%x:%x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &end) != 6)
            die("bad MAC address '%s'", argv[i] + 6);
        for (int k = 0; k < 6; k++) a->mac[k] = (uint8_t)m[k];
        i++;
    }
    if (argc - i < 2) die("usage: %s [--mac=MAC] TAP UNIKERNEL [ARG...]", self);
    a->tap = argv[i++];
    a->kernel = argv[i++];
    size_t n = 0;
    for (a->cmdline[0] = 0; i < argc; i++) {
        int w = snprintf(a->cmdline + n, sizeof a->cmdline - n, "%s%s", n ? " " : "", argv[i]);
        if (w < 0 || (size_t)w >= sizeof a->cmdline - n) die("the unikernel's command line is too long");
        n += w;
    }
}

uint64_t tender_load(const char *path, uint8_t *mem, uint64_t base, uint64_t size,
                     void (*loaded)(uint64_t addr, uint64_t len, uint32_t flags)) {
    FILE *f = fopen(path, "rb");
    if (!f) die_errno("open %s", path);
    Elf64_Ehdr eh;
    if (fread(&eh, sizeof eh, 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 || eh.e_type != ET_EXEC ||
        eh.e_phentsize != sizeof(Elf64_Phdr))
        die("%s is not an ELF64 x86-64 executable (build.sh OUT CACHE hvt|spt makes one)", path);
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (fseek(f, (long)(eh.e_phoff + i * sizeof ph), SEEK_SET) != 0 || fread(&ph, sizeof ph, 1, f) != 1)
            die("%s: cannot read program header %u", path, i);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_vaddr < base || ph.p_memsz > size ||
            ph.p_vaddr - base > size - ph.p_memsz)
            die("%s: segment at %#lx (%#lx bytes) is outside %#lx..%#lx", path, (unsigned long)ph.p_vaddr,
                (unsigned long)ph.p_memsz, (unsigned long)base, (unsigned long)(base + size));
        uint8_t *dst = mem + (ph.p_vaddr - base);
        if (fseek(f, (long)ph.p_offset, SEEK_SET) != 0 || fread(dst, 1, ph.p_filesz, f) != ph.p_filesz)
            die("%s: cannot read segment %u", path, i);
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
        if (loaded) loaded(ph.p_vaddr, ph.p_memsz, ph.p_flags);
    }
    fclose(f);
    if (eh.e_entry < base || eh.e_entry >= base + size) die("%s: entry %#lx outside the image", path, (unsigned long)eh.e_entry);
    return eh.e_entry;
}

void tender_open_net(const char *tap) {
    tap_fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (tap_fd < 0) die_errno("open /dev/net/tun");
    struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
    if (strlen(tap) >= sizeof ifr.ifr_name) die("tap name '%s' too long", tap);
    strcpy(ifr.ifr_name, tap);
    if (ioctl(tap_fd, TUNSETIFF, &ifr) < 0) die_errno("TUNSETIFF %s", tap);
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) die_errno("epoll_create1");
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (timer_fd < 0) die_errno("timerfd_create");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = tap_fd};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, tap_fd, &ev) < 0) die_errno("epoll_ctl add %s", tap);
    ev.data.fd = timer_fd;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer_fd, &ev) < 0) die_errno("epoll_ctl add the timerfd");
}

static uint8_t *guest_mem;
static uint64_t guest_size;

void tender_guest_memory(uint8_t *mem, uint64_t size) {
    guest_mem = mem;
    guest_size = size;
}

static void *guest_ptr(uint64_t addr, uint64_t len) {
    if (!guest_size) return (void *)(uintptr_t)addr;
    if (addr > guest_size || len > guest_size - addr)
        die("hypercall buffer %#lx (%lu bytes) outside guest memory", (unsigned long)addr, (unsigned long)len);
    return guest_mem + addr;
}

static void hc_puts(void *arg) {
    struct hc_puts *a = arg;
    if (write(1, guest_ptr(a->data, a->len), a->len) < 0) die_errno("write stdout");
}

static void hc_clock(void *arg) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0) die_errno("clock_gettime");
    ((struct hc_clock *)arg)->ns = (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The timerfd is re-armed for every wait and never read: timerfd_settime clears its expirations,
 * so the filter needs no read on it. A deadline already past fires at once (1 ns: 0 disarms). */
static void hc_poll(void *arg) {
    uint64_t d = ((struct hc_poll *)arg)->deadline_ns;
    struct itimerspec it = {.it_value = {(time_t)(d / 1000000000), (long)(d % 1000000000)}};
    if (d == 0) it.it_value.tv_nsec = 1;
    if (timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &it, NULL) < 0) die_errno("timerfd_settime");
    struct epoll_event ev[2];
    if (epoll_pwait(epoll_fd, ev, 2, -1, NULL) < 0 && errno != EINTR) die_errno("epoll_pwait");
}

static void hc_netread(void *arg) {
    struct hc_net *a = arg;
    ssize_t n = read(tap_fd, guest_ptr(a->data, a->len), a->len);
    if (n < 0 && errno != EAGAIN && errno != EINTR) die_errno("read tap");
    a->ret = n < 0 ? HC_AGAIN : HC_OK;
    a->len = n < 0 ? 0 : (uint64_t)n;
}

static void hc_netwrite(void *arg) {
    struct hc_net *a = arg;
    ssize_t n = write(tap_fd, guest_ptr(a->data, a->len), a->len);
    if (n < 0 && errno != EAGAIN && errno != EINTR && errno != EIO) die_errno("write tap");
    a->ret = n == (ssize_t)a->len ? HC_OK : HC_AGAIN; /* a dropped frame, as on a full link */
}

static void hc_halt(void *arg) { _exit((int)((struct hc_halt *)arg)->status); }

void (*const tender_calls[HC_CALLS])(void *arg) = {
    [HC_PUTS] = hc_puts,         [HC_CLOCK] = hc_clock,       [HC_POLL] = hc_poll,
    [HC_NETREAD] = hc_netread,   [HC_NETWRITE] = hc_netwrite, [HC_HALT] = hc_halt,
};

static const size_t arg_size[HC_CALLS] = {
    [HC_PUTS] = sizeof(struct hc_puts),   [HC_CLOCK] = sizeof(struct hc_clock),
    [HC_POLL] = sizeof(struct hc_poll),   [HC_NETREAD] = sizeof(struct hc_net),
    [HC_NETWRITE] = sizeof(struct hc_net), [HC_HALT] = sizeof(struct hc_halt),
};

void tender_call_guest(unsigned call, uint64_t arg) {
    if (call >= HC_CALLS) die("unknown hypercall %u", call);
    tender_calls[call](guest_ptr(arg, arg_size[call]));
}

/* seccomp-BPF: one block per rule, "system call nr with args[i] == v for each condition";
 * a block that does not match falls through to the next; after the last, kill. */
struct rule {
    int nr, nconds;
    struct {
        int arg;
        uint64_t value;
    } cond[2];
};

#define MAX_INSNS 128
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i)) /* little-endian halves */
#define ARG_HI(i) (ARG_LO(i) + 4)

void tender_confine(int vcpu) {
    struct rule rules[] = {
        {SYS_read, 1, {{0, (uint64_t)tap_fd}}},
        {SYS_write, 1, {{0, (uint64_t)tap_fd}}},
        {SYS_write, 1, {{0, 1}}},
        {SYS_epoll_pwait, 1, {{0, (uint64_t)epoll_fd}}},
        {SYS_timerfd_settime, 1, {{0, (uint64_t)timer_fd}}},
        {SYS_clock_gettime, 0, {{0, 0}}},
        {SYS_exit_group, 0, {{0, 0}}},
        {SYS_ioctl, 2, {{0, (uint64_t)vcpu}, {1, KVM_RUN}}},
    };
    size_t nrules = sizeof rules / sizeof rules[0] - (vcpu < 0); /* the ioctl rule is hvt's */
    struct sock_filter f[MAX_INSNS];
    unsigned n = 0;
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    for (size_t r = 0; r < nrules; r++) {
        unsigned next = n + 3 + 4 * rules[r].nconds; /* the first instruction of the next block */
        f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
        f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, rules[r].nr, 0, next - n - 1);
        n++;
        for (int c = 0; c < rules[r].nconds; c++) {
            uint64_t v = rules[r].cond[c].value;
            f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(rules[r].cond[c].arg));
            f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)v, 0, next - n - 1);
            n++;
            f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(rules[r].cond[c].arg));
            f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(v >> 32), 0, next - n - 1);
            n++;
        }
        f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    }
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die_errno("prctl PR_SET_NO_NEW_PRIVS");
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) die_errno("seccomp SECCOMP_SET_MODE_FILTER");
    err_fd = 1;
}
