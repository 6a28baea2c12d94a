/* The reference unikernel: boots from multiboot, brings up lwIP on the virtio NIC with the
 * address from the command line, and serves the workload's HTTP page: poll the rings, run lwIP's
 * timers, halt until a frame or the next timer (Solo5's virtio idle loop). */
#include <string.h>
#include "kernel.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "unikernel.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002
#define MULTIBOOT_INFO_CMDLINE (1u << 2)

struct multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
};

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

void kmain(uint32_t magic, const struct multiboot_info *mbi) {
    serial_init();
    kprintf("hapmeter-unikernel: booting, lwIP %s\n", LWIP_VERSION_STRING);
    cpu_init();
    irq_init();
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC) fatal("not started by a multiboot loader (eax %x)", magic);
    const char *cmdline = mbi->flags & MULTIBOOT_INFO_CMDLINE ? (const char *)mbi->cmdline : "";
    kprintf("hapmeter-unikernel: command line \"%s\", TSC %u kHz\n", cmdline, tsc_khz());

    ip4_addr_t ip, netmask, gw;
    config_addr(cmdline, "ip", "10.0.2.16", &ip);
    config_addr(cmdline, "netmask", "255.255.255.0", &netmask);
    config_addr(cmdline, "gw", "10.0.2.2", &gw);

    lwip_init();
    if (!netif_add(&nif, &ip, &netmask, &gw, NULL, virtio_net_init, ethernet_input)) fatal("netif_add failed");
    netif_set_default(&nif);
    netif_set_up(&nif); /* the link is up already, so this also sends a gratuitous ARP */
    httpd_start(80);
    /* one address per call: ip4addr_ntoa returns a static buffer */
    kprintf("hapmeter-unikernel: ip %s", ip4addr_ntoa(&ip));
    kprintf(" netmask %s", ip4addr_ntoa(&netmask));
    kprintf(" gw %s, HTTP on port 80\n", ip4addr_ntoa(&gw));
    kprintf("hapmeter-unikernel: ready %s\n", ip4addr_ntoa(&ip));

    for (;;) {
        virtio_net_poll(&nif);
        sys_check_timeouts();
        cpu_halt(sys_timeouts_sleeptime()); /* 0: a timer is due, loop at once */
    }
}
