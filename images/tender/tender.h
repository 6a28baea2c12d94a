/* What the two tenders share (tender.c): the command line, the unikernel's ELF, the tap device,
 * the epoll fd and timerfd behind the poll hypercall, the hypercalls themselves and the seccomp
 * filter. spt.c and hvt.c only place the unikernel and enter it. */
#ifndef HAPMETER_TENDER_H
#define HAPMETER_TENDER_H
#include <stddef.h>
#include <stdint.h>
#include "../unikernel/hypercall.h"

struct tender_args {
    const char *tap;
    const char *kernel;
    uint8_t mac[6];
    char cmdline[1024];
};

/* Parses "[--mac=MAC] TAP UNIKERNEL [ARG...]" (the args, joined by spaces, are the unikernel's
 * command line); exits with the usage on a mistake. */
void tender_parse(int argc, char **argv, struct tender_args *a);

/* One-line error on stderr (stdout once confined), then exit 1. die_errno appends errno. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Copies the PT_LOAD segments of the ELF64 x86-64 executable at path into the window mem, which
 * stands for the addresses [base, base + size), zero-filling to each segment's memory size; dies
 * unless every segment fits. Calls loaded (if not NULL) per segment with its ELF p_flags.
 * Returns the entry address. */
uint64_t tender_load(const char *path, uint8_t *mem, uint64_t base, uint64_t size,
                     void (*loaded)(uint64_t addr, uint64_t len, uint32_t flags));

/* Opens the existing tap device by name (IFF_TAP | IFF_NO_PI, non-blocking) and the epoll fd
 * and timerfd for HC_POLL. */
void tender_open_net(const char *tap);

/* Where the hypercalls find the unikernel's buffers. Unset (size 0), addresses are the tender's
 * own (spt); set, they are offsets into mem, checked against size (hvt's guest memory). */
void tender_guest_memory(uint8_t *mem, uint64_t size);

/* The hypercalls, indexed by enum hc_call, each on its argument struct (spt's call table). */
extern void (*const tender_calls[HC_CALLS])(void *arg);
/* hvt: the call at guest-physical address arg, checked. */
void tender_call_guest(unsigned call, uint64_t arg);

/* Installs the seccomp filter: read on the tap, write on the tap and on stdout, epoll_pwait on the
 * epoll fd, timerfd_settime on the timerfd, clock_gettime and exit_group; with vcpu >= 0 also
 * ioctl(vcpu, KVM_RUN). Any other system call kills the process. */
void tender_confine(int vcpu);

#endif
