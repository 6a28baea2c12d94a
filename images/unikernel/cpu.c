/* CPU set-up: an IDT that reports exceptions on the console and routes the PIC's vectors to
 * irq.c, a reset, and lwIP's clock (the TSC, calibrated against PIT channel 2 at boot). */
#include "kernel.h"

struct idt_gate {
    uint16_t offset_lo, selector;
    uint8_t zero, type;
    uint16_t offset_hi;
} __attribute__((packed));

struct exception_frame {
    uint32_t vector, error, eip, cs, eflags;
};

extern const uint32_t exception_stubs[32], irq_stubs[16]; /* boot.S */
static struct idt_gate idt[IRQ_VECTOR_BASE + 16];

static void load_idt(const void *base, uint16_t limit) {
    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) d = {limit, (uint32_t)base};
    __asm__ volatile("lidt %0" : : "m"(d));
}

/* Called by the exception stubs in boot.S. */
void exception_report(const struct exception_frame *f) {
    fatal("CPU exception %u (error code %x) at eip %x", f->vector, f->error, f->eip);
}

void platform_abort(void) {
    /* An exception without an IDT escalates to a triple fault, which resets the machine. */
    load_idt(0, 0);
    __asm__ volatile("int3");
    for (;;) __asm__ volatile("cli; hlt");
}

static uint64_t rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Low 32 bits of n / d. Two 64-by-32 divl steps, since 32-bit gcc would call libgcc's
 * __udivdi3 for a plain 64-bit division. */
static uint32_t div_u64(uint64_t n, uint32_t d) {
    uint32_t q, r = (uint32_t)(n >> 32) % d;
    __asm__("divl %3" : "=a"(q), "+d"(r) : "0"((uint32_t)n), "rm"(d));
    return q;
}

#define CALIBRATION_MS 10

static uint64_t tsc_boot;
static uint32_t tsc_per_ms;

static struct idt_gate interrupt_gate(uint32_t handler) {
    return (struct idt_gate){(uint16_t)handler, 0x08, 0, 0x8e, (uint16_t)(handler >> 16)};
}

static void calibrate_tsc(void) {
    uint16_t count = PIT_HZ / (1000 / CALIBRATION_MS);
    outb(0x61, (inb(0x61) & ~0x02) | 0x01); /* channel 2 gate on, speaker off */
    outb(0x43, 0xb0);                        /* channel 2, lo/hi byte, mode 0: output rises at zero */
    outb(0x42, count & 0xff);
    outb(0x42, count >> 8);
    uint64_t t0 = rdtsc();
    for (uint32_t spins = 0; !(inb(0x61) & 0x20); spins++)
        if (spins == 100000000) fatal("PIT channel 2 does not count; cannot calibrate the TSC");
    tsc_per_ms = div_u64(rdtsc() - t0, CALIBRATION_MS);
    if (tsc_per_ms == 0) fatal("TSC does not advance");
    tsc_boot = rdtsc();
}

void cpu_init(void) {
    for (int i = 0; i < 32; i++) idt[i] = interrupt_gate(exception_stubs[i]);
    for (int i = 0; i < 16; i++) idt[IRQ_VECTOR_BASE + i] = interrupt_gate(irq_stubs[i]);
    load_idt(idt, sizeof idt - 1);
    calibrate_tsc();
}

uint32_t tsc_khz(void) { return tsc_per_ms; }

uint32_t sys_now(void) { return div_u64(rdtsc() - tsc_boot, tsc_per_ms); }

uint32_t cpu_random(void) { return (uint32_t)rdtsc(); }
