/* hvt, a KVM tender (after Solo5's tenders/hvt, formerly ukvm): one VM with one memory slot and
 * one vCPU runs the unikernel (build.sh ... hvt). No firmware, devices or interrupts: the vCPU
 * starts in 64-bit long mode at the image's entry, and every service is a hypercall, an outl to
 * HC_PORT + call with the guest-physical address of its argument struct, which exits KVM_RUN to
 * tender.c. After set-up the tender confines itself (tender.h: the hypercalls' system calls plus
 * KVM_RUN on the vCPU).
 * Usage: hvt [--mac=MAC] TAP UNIKERNEL [ARG...] */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tender.h"

/* Guest-physical layout: page tables and boot information below the image (linked at 1 MiB),
 * the stack at the top. Paging is an identity map of all of it, so guest-virtual = physical. */
#define MEM_SIZE (16UL << 20)
#define PML4 0x1000UL
#define PDPT 0x2000UL
#define PD 0x3000UL
#define BOOT 0x4000UL  /* struct hc_boot, then the command line */
#define IMAGE 0x100000UL
#define STACK_SIZE (1UL << 20)

#define PTE_PRESENT 0x1
#define PTE_WRITE 0x2
#define PTE_LARGE 0x80 /* a 2 MiB page in the page directory */
#define CR0_PE 0x1
#define CR0_ET 0x10
#define CR0_NE 0x20
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define EFER_LME 0x100
#define EFER_LMA 0x400
#define MAX_CPUID 128

static int kvm_ioctl(int fd, unsigned long req, void *arg, const char *what) {
    int r = ioctl(fd, req, arg);
    if (r < 0) die_errno("ioctl %s", what);
    return r;
}

/* The guest's own CPUID must say long mode, or KVM refuses EFER.LME: take what KVM supports. */
static void set_cpuid(int kvm, int vcpu) {
    struct kvm_cpuid2 *c = calloc(1, sizeof *c + MAX_CPUID * sizeof c->entries[0]);
    if (!c) die("out of memory");
    c->nent = MAX_CPUID;
    kvm_ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c, "KVM_GET_SUPPORTED_CPUID");
    kvm_ioctl(vcpu, KVM_SET_CPUID2, c, "KVM_SET_CPUID2");
    free(c);
}

static void set_long_mode(int vcpu, uint8_t *mem) {
    uint64_t *pml4 = (uint64_t *)(mem + PML4), *pdpt = (uint64_t *)(mem + PDPT), *pd = (uint64_t *)(mem + PD);
    pml4[0] = PDPT | PTE_PRESENT | PTE_WRITE;
    pdpt[0] = PD | PTE_PRESENT | PTE_WRITE;
    for (uint64_t i = 0; i < MEM_SIZE >> 21; i++) pd[i] = i << 21 | PTE_PRESENT | PTE_WRITE | PTE_LARGE;

    struct kvm_sregs s;
    kvm_ioctl(vcpu, KVM_GET_SREGS, &s, "KVM_GET_SREGS");
    /* Flat segments straight into the hidden descriptor parts: no GDT in memory is needed, as
     * the guest never loads a selector (no interrupts, no far jumps). */
    struct kvm_segment code = {.base = 0, .limit = 0xffffffff, .selector = 0x08, .type = 0xb, .present = 1,
                               .dpl = 0, .db = 0, .s = 1, .l = 1, .g = 1};
    struct kvm_segment data = code;
    data.selector = 0x10;
    data.type = 0x3;
    data.l = 0;
    data.db = 1;
    s.cs = code;
    s.ds = s.es = s.fs = s.gs = s.ss = data;
    s.cr3 = PML4;
    s.cr4 = CR4_PAE;
    s.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG;
    s.efer = EFER_LME | EFER_LMA;
    kvm_ioctl(vcpu, KVM_SET_SREGS, &s, "KVM_SET_SREGS");
}

int main(int argc, char **argv) {
    static struct tender_args a;
    tender_parse(argc, argv, &a);
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die_errno("open /dev/kvm");
    int version = ioctl(kvm, KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION) die("KVM API version %d, expected %d", version, KVM_API_VERSION);
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) die_errno("ioctl KVM_CREATE_VM");

    uint8_t *mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) die_errno("mmap %lu MiB of guest memory", MEM_SIZE >> 20);
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE, .userspace_addr = (uintptr_t)mem};
    kvm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region, "KVM_SET_USER_MEMORY_REGION");
    uint64_t entry = tender_load(a.kernel, mem + IMAGE, IMAGE, MEM_SIZE - STACK_SIZE - IMAGE, NULL);
    tender_guest_memory(mem, MEM_SIZE);

    struct hc_boot *boot = (struct hc_boot *)(mem + BOOT);
    char *cmdline = (char *)(boot + 1);
    if ((uint8_t *)cmdline + sizeof a.cmdline > mem + IMAGE) die("no room for the command line");
    strcpy(cmdline, a.cmdline);
    boot->cmdline = BOOT + sizeof *boot;
    memcpy(boot->mac, a.mac, 6);

    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) die_errno("ioctl KVM_CREATE_VCPU");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (run_size < (int)sizeof(struct kvm_run)) die_errno("ioctl KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die_errno("mmap the vCPU's kvm_run");
    set_cpuid(kvm, vcpu);
    set_long_mode(vcpu, mem);
    /* rdi: _start's argument; rsp as after a call (rsp + 8 aligned to 16) */
    struct kvm_regs regs = {.rip = entry, .rdi = BOOT, .rsp = MEM_SIZE - 8, .rflags = 0x2};
    kvm_ioctl(vcpu, KVM_SET_REGS, &regs, "KVM_SET_REGS");

    tender_open_net(a.tap);
    tender_confine(vcpu);
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            die_errno("ioctl KVM_RUN");
        }
        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 || run->io.count != 1 ||
                run->io.port < HC_PORT || run->io.port >= HC_PORT + HC_CALLS)
                die("guest port I/O the tender does not serve (port %#x, size %u, %s)", run->io.port, run->io.size,
                    run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in");
            tender_call_guest(run->io.port - HC_PORT, *(uint32_t *)((uint8_t *)run + run->io.data_offset));
            break;
        case KVM_EXIT_SHUTDOWN:
            die("the guest triple-faulted (KVM_EXIT_SHUTDOWN)");
        case KVM_EXIT_HLT:
            die("the guest halted (hlt) instead of calling HC_HALT");
        case KVM_EXIT_FAIL_ENTRY:
            die("KVM_RUN: entry failed, hardware reason %#llx",
                (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        case KVM_EXIT_INTERNAL_ERROR:
            die("KVM_RUN: internal error, suberror %u", run->internal.suberror);
        default:
            die("KVM_RUN: unexpected exit reason %u", run->exit_reason);
        }
    }
}
