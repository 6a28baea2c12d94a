/* lwIP configuration: bare metal (NO_SYS, raw API, one poll loop), IPv4 with a static address,
 * ARP, ICMP and TCP only. */
#ifndef HAPMETER_LWIPOPTS_H
#define HAPMETER_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0 /* single thread, no interrupts */
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

#define MEM_ALIGNMENT 4
#define MEM_SIZE (128 * 1024)
#define PBUF_POOL_SIZE 64
#define MEMP_NUM_TCP_PCB 16
#define MEMP_NUM_TCP_SEG 64
#define TCP_MSS 1460
#define TCP_WND (8 * TCP_MSS)
#define TCP_SND_BUF (8 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)

#endif
