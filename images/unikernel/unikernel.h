/* The unikernel's network parts, on lwIP's types (kernel.h cannot include lwIP: lwIP includes it). */
#ifndef HAPMETER_UNIKERNEL_H
#define HAPMETER_UNIKERNEL_H
#include "lwip/netif.h"

/* The platform's NIC (virtio_net.c or hypercall.c): netif_add's init callback (finds and starts
 * the device, fatal if there is none), and the receive poll that feeds nif->input. */
err_t net_init(struct netif *nif);
void net_poll(struct netif *nif);

/* httpd.c: serves images/workload/http.c on the port; fatal if it cannot listen. */
void httpd_start(u16_t port);

/* main.c: lwIP, the server and the idle loop, once the platform has set itself up. */
void unikernel_main(const char *cmdline) __attribute__((noreturn));

#endif
