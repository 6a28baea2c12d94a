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

/* console.c: polled 16550 on COM1 */
void serial_init(void);
/* printf subset: %s %u %d %x, with an optional 0 flag and width */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the reason and resets the machine (QEMU exits with -no-reboot). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* cpu.c: exception reporting, reset and time */
void cpu_init(void);
void cpu_reset(void) __attribute__((noreturn));
uint32_t tsc_khz(void);
/* lwIP's clock (sys_now) and its random source */
uint32_t sys_now(void);
uint32_t cpu_random(void);

/* irq.c: the 8259 PICs, remapped to vectors IRQ_VECTOR_BASE..+15, and the idle halt */
#define IRQ_VECTOR_BASE 32
#define PIT_HZ 1193182
void irq_init(void);
/* Unmasks the line; the handler runs in interrupt context, before the end of interrupt. */
void irq_enable(uint8_t irq, void (*handler)(void));
/* Halts until an interrupt, at most ms milliseconds (a PIT one-shot); returns at once for 0. */
void cpu_halt(uint32_t ms);

/* pci.c: legacy configuration mechanism #1 */
struct pci_dev {
    uint8_t bus, dev, fn;
};
int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out);
uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

#endif
