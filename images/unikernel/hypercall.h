/* The hypercall ABI between the unikernel's hypercall binding (hypercall.c) and the tenders
 * (images/tender/): six calls, each taking one argument struct. Under hvt the guest writes the
 * struct's guest-physical address to port HC_PORT + call (outl); under spt it calls
 * boot->calls[call](&arg), a function of the tender in the same process. Fields are 64 bits wide
 * so that the layout is the same on both sides. Shared by C compiled freestanding and with glibc. */
#ifndef HAPMETER_HYPERCALL_H
#define HAPMETER_HYPERCALL_H
#include <stdint.h>

enum hc_call {
    HC_PUTS,     /* write data[0..len) to the console (the tender's stdout) */
    HC_CLOCK,    /* ns: CLOCK_MONOTONIC */
    HC_POLL,     /* wait until a frame is readable or CLOCK_MONOTONIC reaches deadline_ns */
    HC_NETREAD,  /* one frame into data[0..len), len set to its size; ret HC_AGAIN when none */
    HC_NETWRITE, /* one frame data[0..len) */
    HC_HALT,     /* exit the tender with status */
    HC_CALLS
};

#define HC_OK 0
#define HC_AGAIN 1
#define HC_PORT 0x500 /* hvt: HC_PORT + call */

struct hc_puts {
    uint64_t data, len;
};
struct hc_clock {
    uint64_t ns;
};
struct hc_poll {
    uint64_t deadline_ns;
};
struct hc_net {
    uint64_t data, len, ret;
};
struct hc_halt {
    uint64_t status;
};

/* What the tender hands the unikernel's _start (a pointer in rdi: a function argument under spt,
 * a guest-physical address under hvt). */
struct hc_boot {
    uint64_t cmdline;      /* NUL-terminated */
    uint64_t calls;        /* spt: void (*)(void *)[HC_CALLS]; hvt: 0 */
    uint8_t mac[6], pad[2];
};

#endif
