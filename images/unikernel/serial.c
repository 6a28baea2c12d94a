/* The multiboot platform's console: COM1, polled, so that it works before and without interrupts. */
#include "kernel.h"

#define COM1 0x3f8

void serial_init(void) {
    outb(COM1 + 1, 0x00); /* no interrupts */
    outb(COM1 + 3, 0x80); /* divisor latch access */
    outb(COM1 + 0, 0x01); /* 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03); /* 8N1 */
    outb(COM1 + 2, 0xc7); /* FIFOs on and cleared */
    outb(COM1 + 4, 0x03); /* DTR, RTS; OUT2 stays off so the UART raises no IRQ */
}

static void put(char c) {
    while (!(inb(COM1 + 5) & 0x20)) /* transmit holding register empty */
        ;
    outb(COM1, (uint8_t)c);
}

void console_write(const char *s, size_t n) {
    while (n--) put(*s++);
}
