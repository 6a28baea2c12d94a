/* The unikernel proper, the same on every platform: brings up lwIP on the platform's NIC with the
 * address from the command line and serves the workload's HTTP page: poll the NIC, run lwIP's
 * timers, idle until a frame or the next timer (Solo5's idle loop). */
#include <string.h>
#include "kernel.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "unikernel.h"

/* The value of "key=" in the space-separated command line, or the default. lwIP's parser stops
 * at the space that ends the word. */
static void config_addr(const char *cmdline, const char *key, const char *def, ip4_addr_t *out) {
    size_t n = strlen(key);
    const char *value = def;
    for (const char *p = cmdline; *p; p++)
        if ((p == cmdline || p[-1] == ' ') && strncmp(p, key, n) == 0 && p[n] == '=') value = p + n + 1;
    if (!ip4addr_aton(value, out)) fatal("bad %s= in the command line", key);
}

static struct netif nif;

/* netif_add's init callback: an Ethernet NIC of MTU 1500 with ARP; the platform's net_init adds
 * its name, MAC address and transmit function. */
static err_t nic_init(struct netif *n) {
    n->hwaddr_len = 6;
    n->mtu = 1500;
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    n->output = etharp_output;
    return net_init(n);
}

void unikernel_main(const char *cmdline) {
    ip4_addr_t ip, netmask, gw;
    config_addr(cmdline, "ip", "10.0.2.16", &ip);
    config_addr(cmdline, "netmask", "255.255.255.0", &netmask);
    config_addr(cmdline, "gw", "10.0.2.2", &gw);

    lwip_init();
    if (!netif_add(&nif, &ip, &netmask, &gw, NULL, nic_init, ethernet_input)) fatal("netif_add failed");
    netif_set_default(&nif);
    netif_set_up(&nif); /* the link is up already, so this also sends a gratuitous ARP */
    httpd_start(80);
    /* one address per call: ip4addr_ntoa returns a static buffer */
    kprintf("hapmeter-unikernel: ip %s", ip4addr_ntoa(&ip));
    kprintf(" netmask %s", ip4addr_ntoa(&netmask));
    kprintf(" gw %s, HTTP on port 80\n", ip4addr_ntoa(&gw));
    kprintf("hapmeter-unikernel: ready %s\n", ip4addr_ntoa(&ip));

    for (;;) {
        net_poll(&nif);
        sys_check_timeouts();
        platform_idle(sys_timeouts_sleeptime()); /* 0: a timer is due, loop at once */
    }
}
