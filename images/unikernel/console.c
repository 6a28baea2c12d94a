/* The serial console: COM1, polled, so that it works before and without interrupts. */
#include <stdarg.h>
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

static void put_uint(uint32_t v, unsigned base, int width, char pad) {
    char digits[10];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n) put(pad);
    while (n) put(digits[--n]);
}

static void vkprintf(const char *fmt, va_list ap) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(*fmt);
            continue;
        }
        char pad = ' ';
        int width = 0;
        if (*++fmt == '0') pad = *fmt++;
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + *fmt++ - '0';
        switch (*fmt) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++) put(*s);
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0) put('-');
            put_uint(v < 0 ? -(uint32_t)v : (uint32_t)v, 10, width, pad);
            break;
        }
        case 'u':
            put_uint(va_arg(ap, unsigned), 10, width, pad);
            break;
        case 'x':
            put_uint(va_arg(ap, unsigned), 16, width, pad);
            break;
        case '\0':
            return;
        default:
            put(*fmt);
        }
    }
}

void kprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    kprintf("hapmeter-unikernel: fatal: ");
    vkprintf(fmt, ap);
    kprintf("\n");
    va_end(ap);
    cpu_reset();
}
