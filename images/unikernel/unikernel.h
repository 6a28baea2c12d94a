/* The unikernel's network parts, on lwIP's types (kernel.h cannot include lwIP: lwIP includes it). */
#ifndef HAPMETER_UNIKERNEL_H
#define HAPMETER_UNIKERNEL_H
#include "lwip/netif.h"

/* virtio_net.c: netif_add's init callback (finds and starts the device), and the receive poll. */
err_t virtio_net_init(struct netif *nif);
void virtio_net_poll(struct netif *nif);

/* httpd.c: serves images/workload/http.c on the port; fatal if it cannot listen. */
void httpd_start(u16_t port);

#endif
