/* lwIP port definitions for the freestanding x86 unikernel (32-bit multiboot, 64-bit for the tenders). */
#ifndef HAPMETER_ARCH_CC_H
#define HAPMETER_ARCH_CC_H
#include "kernel.h"

/* gcc's freestanding headers give stdint.h and stddef.h; the rest lwIP can do without. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_CTYPE_H 1

#define LWIP_RAND() cpu_random()
/* Debug messages, and with them the printf formats (X8_F...), are compiled out (no LWIP_DEBUG);
 * a failed assertion is fatal. */
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) fatal("lwIP assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

#endif
