/* spt, the nabla process tender (after Solo5's tenders/spt): runs the unikernel (build.sh ... spt)
 * as part of this ordinary Linux process. It maps the image at its link address, opens the tap
 * device, an epoll fd and a timerfd, confines itself with a seccomp filter that allows only what
 * the hypercalls need (tender.h), and calls the image's entry with a table of the hypercalls:
 * from then on the unikernel's "hypercalls" are plain function calls into tender.c.
 * Usage: spt [--mac=MAC] TAP UNIKERNEL [ARG...] */
#include <elf.h>
#include <sys/mman.h>
#include "tender.h"

/* The image is linked at 1 MiB (images/unikernel/linker.ld); far below this static PIE. */
#define WINDOW_BASE 0x100000UL
#define WINDOW_SIZE (16UL << 20)
#define PAGE 4096UL

static struct {
    uint64_t addr, len;
    uint32_t flags;
} segs[8];
static int nsegs;

static void record(uint64_t addr, uint64_t len, uint32_t flags) {
    if (nsegs == 8) die("more than 8 loadable segments");
    segs[nsegs].addr = addr;
    segs[nsegs].len = len;
    segs[nsegs++].flags = flags;
}

/* Writable while loading; then nothing but the segments, each with its own permissions. */
static void protect(void *window) {
    if (mprotect(window, WINDOW_SIZE, PROT_NONE) < 0) die_errno("mprotect the unikernel's window");
    for (int i = 0; i < nsegs; i++) {
        uint64_t start = segs[i].addr & ~(PAGE - 1), end = (segs[i].addr + segs[i].len + PAGE - 1) & ~(PAGE - 1);
        uint32_t f = segs[i].flags;
        int prot = (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) | (f & PF_X ? PROT_EXEC : 0);
        if (mprotect((void *)start, end - start, prot) < 0) die_errno("mprotect the segment at %#lx", (unsigned long)start);
    }
}

int main(int argc, char **argv) {
    static struct tender_args a;
    tender_parse(argc, argv, &a);
    void *w = mmap((void *)WINDOW_BASE, WINDOW_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (w == MAP_FAILED) die_errno("mmap %lu MiB at %#lx for the unikernel", WINDOW_SIZE >> 20, WINDOW_BASE);
    if (w != (void *)WINDOW_BASE) die("mmap at %#lx: the kernel ignores MAP_FIXED_NOREPLACE", WINDOW_BASE);
    uint64_t entry = tender_load(a.kernel, w, WINDOW_BASE, WINDOW_SIZE, record);
    protect(w);
    tender_open_net(a.tap);
    struct hc_boot boot = {(uintptr_t)a.cmdline, (uintptr_t)tender_calls, {0}, {0}};
    for (int i = 0; i < 6; i++) boot.mac[i] = a.mac[i];
    tender_confine(-1);
    ((void (*)(const struct hc_boot *))(uintptr_t)entry)(&boot);
    die("the unikernel returned");
}
