/* Back end on lwIP (Debian's liblwip, unix port) over an existing tap device: the tap scenario.
 * The TCP/IP stack runs in this process (lwIP's tcpip thread plus the tapif reader thread); the
 * kernel only moves Ethernet frames through the tap.
 * Arguments: TAP IP NETMASK GATEWAY, e.g. tap0 10.0.2.16 255.255.255.0 10.0.2.2 */
#include <stdio.h>
#include <stdlib.h>
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "netif/tapif.h"
#include "net.h"

static struct netif tap_netif;
static ip4_addr_t addr, mask, gw;
static sys_sem_t ready;
static char describe[64];

/* Runs in the tcpip thread, where netif calls belong. */
static void add_netif(void *arg) {
    (void)arg;
    netif_add(&tap_netif, &addr, &mask, &gw, NULL, tapif_init, tcpip_input);
    netif_set_default(&tap_netif);
    netif_set_up(&tap_netif);
    netif_set_link_up(&tap_netif);
#if LWIP_IPV6
    /* IPv4 only. Debian's liblwip has IPv6 on: its router solicitations and MLD reports would cross br0
       inside a measured window (ipv6_rcv, br_multicast_rcv...), traffic no request caused. Link-up restarts
       the solicitations, so this comes after it. */
    tap_netif.flags &= (u8_t)~NETIF_FLAG_MLD6;
#if LWIP_IPV6_SEND_ROUTER_SOLICIT
    tap_netif.rs_count = 0;
#endif
#if LWIP_IPV6_AUTOCONFIG
    tap_netif.ip6_autoconfig_enabled = 0;
#endif
#endif
    sys_sem_signal(&ready);
}

int net_init(int argc, char **argv) {
    if (argc != 4 || !ip4addr_aton(argv[1], &addr) || !ip4addr_aton(argv[2], &mask) || !ip4addr_aton(argv[3], &gw)) {
        fprintf(stderr, "httpd-tap: arguments after the port: TAP IP NETMASK GATEWAY\n");
        return -1;
    }
    /* tapif attaches to this existing device instead of creating and configuring one itself. */
    setenv("PRECONFIGURED_TAPIF", argv[0], 1);
    snprintf(describe, sizeof describe, "lwIP %s on %s", argv[1], argv[0]);
    if (sys_sem_new(&ready, 0) != ERR_OK) return -1;
    tcpip_init(add_netif, NULL);
    sys_sem_wait(&ready);
    return 0;
}

int net_listen(int port) {
    int s = lwip_socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = lwip_htons((u16_t)port)};
    a.sin_addr.s_addr = PP_HTONL(INADDR_ANY);
    if (s < 0 || lwip_bind(s, (struct sockaddr *)&a, sizeof a) < 0 || lwip_listen(s, 16) < 0) {
        fprintf(stderr, "httpd-tap: cannot listen on port %d\n", port);
        return -1;
    }
    return s;
}

int net_accept(int s) { return lwip_accept(s, NULL, NULL); }
ssize_t net_read(int c, void *buf, size_t n) { return lwip_read(c, buf, n); }
ssize_t net_write(int c, const void *buf, size_t n) { return lwip_write(c, buf, n); }
/* lwIP closes first, so every connection ends in TIME_WAIT for 2 * TCP_MSL (120 s). A SYN that
 * reuses the 4-tuple of one gets an ACK for the old connection, the client's RST is ignored
 * (RFC 1337, tcp_timewait_input) and its connect hangs until those 120 s pass: the client's source
 * ports come round within them under load. lwIP bounds TIME_WAIT only through its pcb pool
 * (tcp_alloc kills the oldest when MEMP_NUM_TCP_PCB, 5, are taken), but Debian builds it with
 * MEMP_MEM_MALLOC=1: pcbs come from malloc, the pool never runs out and TIME_WAIT grows without
 * bound. So keep the MEMP_NUM_TCP_PCB newest ones (the list holds newest first); tcp_abort frees
 * a TIME_WAIT pcb without sending anything. */
static void trim_time_wait(void) {
    int kept = 0;
    LOCK_TCPIP_CORE();
    for (struct tcp_pcb *p = tcp_tw_pcbs, *next; p; p = next) {
        next = p->next;
        if (++kept > MEMP_NUM_TCP_PCB) tcp_abort(p);
    }
    UNLOCK_TCPIP_CORE();
}

void net_close(int c) {
    lwip_close(c);
    trim_time_wait();
}
const char *net_describe(void) { return describe; }
