/* lwIP configuration: bare metal (NO_SYS, raw API, one poll loop), IPv4 with a static address,
 * ARP, ICMP and TCP only. */
#ifndef HAPMETER_LWIPOPTS_H
#define HAPMETER_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0 /* one thread; interrupt handlers never touch lwIP */
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_SINGLE_NETIF 1

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_TCP 1
#define LWIP_UDP 0
#define LWIP_RAW 0
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
#define IP_REASSEMBLY 0 /* nobody fragments a 1.5 KB HTTP exchange at MTU 1500 */
#define IP_FRAG 0
#define LWIP_STATS 0

/* lwIP's defaults are for microcontrollers; these fit a VM with an Ethernet NIC. The other TCP
 * defaults (a 2 MSS send buffer, a 4 MSS window) hold a reply of 1.5 KB easily. */
#define MEM_ALIGNMENT __SIZEOF_POINTER__ /* 4 for multiboot, 8 for the 64-bit tender builds */
#define MEM_SIZE (128 * 1024) /* heap: packet headers and the per-connection request buffers */
#define PBUF_POOL_SIZE 64     /* received frames: room for a burst as large as the driver's ring */
#define MEMP_NUM_TCP_PCB 16   /* TIME_WAIT ones are recycled when this runs out */
#define TCP_MSS 1460          /* the whole Ethernet MTU, not the default 536 */

#endif
