/* lwIP's netif.c includes this for atoi (libc.c). */
#ifndef HAPMETER_STDLIB_H
#define HAPMETER_STDLIB_H
int atoi(const char *s);
#endif
