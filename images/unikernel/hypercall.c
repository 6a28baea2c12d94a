/* The hypercall platform, like Solo5's hvt and spt bindings: a tender (images/tender/) loads this
 * 64-bit image and enters _start, and every service is a call to it (hypercall.h): the console,
 * the clock, the idle wait, frames on its tap device, exit. No devices, interrupts or page
 * tables of our own. build.sh builds it once per tender; only hypercall() differs. */
#include <string.h>
#include "hypercall.h"
#include "kernel.h"
#include "lwip/init.h"
#include "lwip/pbuf.h"
#include "unikernel.h"

#define FRAME_MAX 1536 /* an Ethernet frame of MTU 1500, with room for a VLAN tag */

static const struct hc_boot *boot;
static uint64_t boot_ns;

static void hypercall(enum hc_call call, void *arg) {
#if defined(PLATFORM_HVT)
    /* A VM exit to the tender, which reads the struct at this guest-physical address (= virtual:
     * the tender's page tables are an identity map below 4 GiB). "memory": the struct's fields
     * must be stored before, and read after, the exit. */
    __asm__ volatile("outl %0, %1" : : "a"((uint32_t)(uintptr_t)arg), "Nd"((uint16_t)(HC_PORT + call)) : "memory");
#elif defined(PLATFORM_SPT)
    /* A plain call into the tender, which runs in the same process. */
    ((void (*const *)(void *))(uintptr_t)boot->calls)[call](arg);
#else
#error "build with -DPLATFORM_HVT or -DPLATFORM_SPT"
#endif
}

static uint64_t clock_ns(void) {
    struct hc_clock a = {0};
    hypercall(HC_CLOCK, &a);
    return a.ns;
}

void console_write(const char *s, size_t n) {
    struct hc_puts a = {(uintptr_t)s, n};
    hypercall(HC_PUTS, &a);
}

void platform_abort(void) {
    struct hc_halt a = {1};
    hypercall(HC_HALT, &a);
    for (;;) /* HC_HALT does not return */
        ;
}

void platform_idle(uint32_t ms) {
    if (ms == 0) return;
    struct hc_poll a = {clock_ns() + (uint64_t)ms * 1000000};
    hypercall(HC_POLL, &a);
}

uint32_t sys_now(void) { return (uint32_t)((clock_ns() - boot_ns) / 1000000); }

uint32_t cpu_random(void) { return (uint32_t)clock_ns(); }

static uint8_t frame[FRAME_MAX]; /* one frame at a time, in or out: one thread */

static err_t linkoutput(struct netif *nif, struct pbuf *p) {
    (void)nif;
    if (p->tot_len > sizeof frame) return ERR_BUF;
    pbuf_copy_partial(p, frame, p->tot_len, 0);
    struct hc_net a = {(uintptr_t)frame, p->tot_len, 0};
    hypercall(HC_NETWRITE, &a);
    return a.ret == HC_OK ? ERR_OK : ERR_IF; /* lwIP drops the frame; TCP retransmits */
}

void net_poll(struct netif *nif) {
    for (;;) {
        struct hc_net a = {(uintptr_t)frame, sizeof frame, 0};
        hypercall(HC_NETREAD, &a);
        if (a.ret != HC_OK) return;
        struct pbuf *p = a.len ? pbuf_alloc(PBUF_RAW, (u16_t)a.len, PBUF_POOL) : NULL;
        if (!p) continue; /* dropped: empty, or no pbuf free */
        pbuf_take(p, frame, (u16_t)a.len);
        if (nif->input(p, nif) != ERR_OK) pbuf_free(p);
    }
}

err_t net_init(struct netif *nif) {
    nif->name[0] = 't';
    nif->name[1] = 'p';
    memcpy(nif->hwaddr, boot->mac, 6);
    nif->linkoutput = linkoutput;
    kprintf("hapmeter-unikernel: tender's tap, mac %02x:%02x:%02x:%02x:%02x:%02x\n", nif->hwaddr[0],
            nif->hwaddr[1], nif->hwaddr[2], nif->hwaddr[3], nif->hwaddr[4], nif->hwaddr[5]);
    return ERR_OK;
}

/* The tender's entry point, with the boot information in rdi. */
void _start(const struct hc_boot *b) {
    boot = b;
    boot_ns = clock_ns();
    kprintf("hapmeter-unikernel: booting, lwIP %s\n", LWIP_VERSION_STRING);
    const char *cmdline = (const char *)(uintptr_t)b->cmdline;
    kprintf("hapmeter-unikernel: command line \"%s\"\n", cmdline);
    unikernel_main(cmdline);
}
