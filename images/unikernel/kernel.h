/* Interfaces between the parts of the reference unikernel (one address space, no OS). */
#ifndef HAPMETER_KERNEL_H
#define HAPMETER_KERNEL_H
#include <stdint.h>
#include <stddef.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

/* console.c: printf subset (%s %u %d %x, with an optional 0 flag and width) */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the reason and ends the unikernel (platform_abort). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The platform: multiboot.c with serial.c, cpu.c, irq.c, pci.c and virtio_net.c (QEMU), or
 * hypercall.c (a tender). Each calls unikernel_main (unikernel.h) after its own set-up. */
void console_write(const char *s, size_t n);
/* Ends the machine (QEMU: a reset, which exits under -no-reboot) or the tender, after fatal. */
void platform_abort(void) __attribute__((noreturn));
/* Waits until a frame or at most ms milliseconds; returns at once for 0. */
void platform_idle(uint32_t ms);
/* lwIP's clock (sys_now) and its random source */
uint32_t sys_now(void);
uint32_t cpu_random(void);

/* The multiboot platform's parts. serial.c: polled 16550 on COM1 */
void serial_init(void);
/* cpu.c: exception reporting and the TSC */
void cpu_init(void);
uint32_t tsc_khz(void);

/* irq.c: the 8259 PICs, remapped to vectors IRQ_VECTOR_BASE..+15; platform_idle halts */
#define IRQ_VECTOR_BASE 32
#define PIT_HZ 1193182
void irq_init(void);
/* Unmasks the line; the handler runs in interrupt context, before the end of interrupt. */
void irq_enable(uint8_t irq, void (*handler)(void));

/* pci.c: legacy configuration mechanism #1 */
struct pci_dev {
    uint8_t bus, dev, fn;
};
int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out);
uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

#endif
