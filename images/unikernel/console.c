/* A small printf on the platform's console_write. Output is gathered per call, so that under a
 * tender one message costs one hypercall rather than one per character. */
#include <stdarg.h>
#include "kernel.h"

struct out {
    char buf[128];
    size_t n;
};

static void put(struct out *o, char c) {
    if (o->n == sizeof o->buf) {
        console_write(o->buf, o->n);
        o->n = 0;
    }
    o->buf[o->n++] = c;
}

static void put_uint(struct out *o, uint32_t v, unsigned base, int width, char pad) {
    char digits[10];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n) put(o, pad);
    while (n) put(o, digits[--n]);
}

static void vkprintf(struct out *o, const char *fmt, va_list ap) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(o, *fmt);
            continue;
        }
        char pad = ' ';
        int width = 0;
        if (*++fmt == '0') pad = *fmt++;
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + *fmt++ - '0';
        switch (*fmt) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++) put(o, *s);
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0) put(o, '-');
            put_uint(o, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, width, pad);
            break;
        }
        case 'u':
            put_uint(o, va_arg(ap, unsigned), 10, width, pad);
            break;
        case 'x':
            put_uint(o, va_arg(ap, unsigned), 16, width, pad);
            break;
        case '\0':
            return;
        default:
            put(o, *fmt);
        }
    }
}

void kprintf(const char *fmt, ...) {
    struct out o = {.n = 0};
    va_list ap;
    va_start(ap, fmt);
    vkprintf(&o, fmt, ap);
    va_end(ap);
    console_write(o.buf, o.n);
}

void fatal(const char *fmt, ...) {
    static const char prefix[] = "hapmeter-unikernel: fatal: ";
    struct out o = {.n = 0};
    for (const char *p = prefix; *p; p++) put(&o, *p);
    va_list ap;
    va_start(ap, fmt);
    vkprintf(&o, fmt, ap);
    va_end(ap);
    put(&o, '\n');
    console_write(o.buf, o.n);
    platform_abort();
}
