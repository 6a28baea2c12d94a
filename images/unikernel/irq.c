/* Interrupts, as Solo5's virtio binding takes them: the two 8259 PICs remapped above the CPU's
 * exceptions, the NIC's INTx line and PIT channel 0 as a one-shot wake-up. The CPU runs with
 * interrupts off and enables them only in the instruction that halts (sti; hlt), so a handler
 * never interrupts lwIP and an interrupt raised while the loop works ends the next halt at once. */
#include "kernel.h"

#define PIC1 0x20
#define PIC2 0xa0
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0b
#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_IRQ 0
#define PIT_MAX_TICKS 0xffff /* the counter is 16 bits: one halt lasts at most about 55 ms */

static void (*handlers[16])(void);

void irq_init(void) {
    outb(PIC1, 0x11); /* ICW1: initialise, ICW4 follows */
    outb(PIC2, 0x11);
    outb(PIC1 + 1, IRQ_VECTOR_BASE); /* ICW2: vectors */
    outb(PIC2 + 1, IRQ_VECTOR_BASE + 8);
    outb(PIC1 + 1, 1 << 2); /* ICW3: the second PIC on line 2 */
    outb(PIC2 + 1, 2);
    outb(PIC1 + 1, 0x01); /* ICW4: 8086 mode, explicit end of interrupt */
    outb(PIC2 + 1, 0x01);
    outb(PIC1 + 1, 0xff); /* every line masked until irq_enable */
    outb(PIC2 + 1, 0xff);
    irq_enable(PIT_IRQ, 0);
}

void irq_enable(uint8_t irq, void (*handler)(void)) {
    if (irq > 15) fatal("no PIC line %u", irq);
    handlers[irq] = handler;
    if (irq < 8) {
        outb(PIC1 + 1, inb(PIC1 + 1) & ~(1u << irq));
    } else {
        outb(PIC2 + 1, inb(PIC2 + 1) & ~(1u << (irq - 8)));
        outb(PIC1 + 1, inb(PIC1 + 1) & ~(1u << 2)); /* the cascade */
    }
}

/* A PIC raises line 7 (or 15) for a request that went away before it was acknowledged; such a
 * spurious interrupt is not in service and takes no end of interrupt (or only the cascade's). */
static int spurious(uint8_t irq) {
    if ((irq & 7) != 7) return 0;
    uint16_t pic = irq < 8 ? PIC1 : PIC2;
    outb(pic, PIC_READ_ISR);
    return !(inb(pic) & 0x80);
}

/* Called by the stubs in boot.S with the vector. */
void irq_dispatch(uint32_t vector) {
    uint8_t irq = (uint8_t)(vector - IRQ_VECTOR_BASE);
    if (spurious(irq)) {
        if (irq == 15) outb(PIC1, PIC_EOI);
        return;
    }
    if (handlers[irq]) handlers[irq]();
    if (irq >= 8) outb(PIC2, PIC_EOI);
    outb(PIC1, PIC_EOI);
}

/* Halts until an interrupt, at most ms milliseconds (a PIT one-shot). */
void platform_idle(uint32_t ms) {
    if (ms == 0) return;
    uint32_t ticks = ms >= PIT_MAX_TICKS / (PIT_HZ / 1000) ? PIT_MAX_TICKS : ms * (PIT_HZ / 1000);
    outb(PIT_COMMAND, 0x30); /* channel 0, lo/hi byte, mode 0: one interrupt at zero */
    outb(PIT_CHANNEL0, ticks & 0xff);
    outb(PIT_CHANNEL0, ticks >> 8);
    __asm__ volatile("sti; hlt; cli" : : : "memory");
}
