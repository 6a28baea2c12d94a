/* lwIP port definitions for the freestanding 32-bit x86 unikernel. */
#ifndef HAPMETER_ARCH_CC_H
#define HAPMETER_ARCH_CC_H
#include "kernel.h"

/* gcc's freestanding headers give stdint.h and stddef.h; the rest lwIP can do without. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_CTYPE_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "u"

#define LWIP_RAND() cpu_random()
/* Debug messages are compiled out (no LWIP_DEBUG); a failed assertion is fatal. */
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) fatal("lwIP assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

#endif
