/* A driver for QEMU's virtio-net PCI device through its legacy (virtio 0.9.5) interface:
 * registers in I/O BAR 0, one receive and one transmit virtqueue, frames copied to and from
 * lwIP's pbufs. A received frame raises the device's INTx line, which wakes the idle halt (as in
 * Solo5's virtio binding); the rings themselves are read by net_poll, not the handler.
 * Transmit completions raise nothing: their buffers are reclaimed on the next send. */
#include "kernel.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "unikernel.h"

#define VIRTIO_VENDOR 0x1af4
#define VIRTIO_NET_TRANSITIONAL 0x1000

/* legacy register block */
#define REG_HOST_FEATURES 0x00
#define REG_GUEST_FEATURES 0x04
#define REG_QUEUE_PFN 0x08
#define REG_QUEUE_SIZE 0x0c
#define REG_QUEUE_SELECT 0x0e
#define REG_QUEUE_NOTIFY 0x10
#define REG_STATUS 0x12
#define REG_ISR 0x13 /* reading it acknowledges the interrupt and lowers INTx */
#define REG_MAC 0x14 /* device configuration starts here while MSI-X is off */

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define VIRTIO_NET_F_MAC (1u << 5)

#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x001
#define PCI_COMMAND_MASTER 0x004
#define PCI_INTERRUPT_LINE 0x3c /* the PIC line the BIOS routed INTx to */

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define AVAIL_F_NO_INTERRUPT 1
#define USED_F_NO_NOTIFY 1

#define QUEUE_ALIGN 4096
#define ALIGN_UP(x, a) (((x) + (a)-1) / (a) * (a))
/* Legacy layout: descriptors, then the available ring, then on the next page the used ring. */
#define USED_OFFSET(n) ALIGN_UP(16 * (n) + 6 + 2 * (n), QUEUE_ALIGN)
#define VRING_BYTES(n) (USED_OFFSET(n) + ALIGN_UP(6 + 8 * (n), QUEUE_ALIGN))
#define QUEUE_MAX 1024 /* the largest queue QEMU offers */
#define BUFFERS 64     /* per queue, each a chain of two descriptors: header, frame */
#define FRAME_MAX 1536 /* an Ethernet frame of MTU 1500, with room for a VLAN tag */

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct vring_avail {
    uint16_t flags, idx, ring[];
};
struct vring_used {
    uint16_t flags, idx;
    struct {
        uint32_t id, len;
    } ring[];
};

/* The header without num_buffers, as VIRTIO_NET_F_MRG_RXBUF is not negotiated. Kept in its own
 * descriptor because legacy devices need not accept other layouts (no VIRTIO_F_ANY_LAYOUT).
 * All zero on transmit: no checksum offload, no segmentation. */
struct virtio_net_hdr {
    uint8_t flags, gso_type;
    uint16_t hdr_len, gso_size, csum_start, csum_offset;
};

struct queue {
    uint8_t vring[VRING_BYTES(QUEUE_MAX)] __attribute__((aligned(QUEUE_ALIGN)));
    struct virtio_net_hdr hdr[BUFFERS];
    uint8_t frame[BUFFERS][FRAME_MAX];
    volatile struct vring_desc *desc;
    volatile struct vring_avail *avail;
    volatile struct vring_used *used;
    uint16_t index, size, buffers, last_used;
};

static uint16_t io;
static struct queue rx, tx;
static uint16_t tx_free[BUFFERS], tx_nfree;

static void queue_init(struct queue *q, uint16_t index, uint16_t desc_flags, uint16_t avail_flags) {
    outw(io + REG_QUEUE_SELECT, index);
    uint16_t size = inw(io + REG_QUEUE_SIZE);
    if (size < 2 || size > QUEUE_MAX) fatal("virtio-net: queue %u has unsupported size %u", index, size);
    q->index = index;
    q->size = size;
    q->buffers = size / 2 < BUFFERS ? size / 2 : BUFFERS;
    q->desc = (void *)q->vring;
    q->avail = (void *)(q->vring + 16 * size);
    q->used = (void *)(q->vring + USED_OFFSET(size));
    for (uint16_t i = 0; i < q->buffers; i++) {
        q->desc[2 * i] = (struct vring_desc){(uintptr_t)&q->hdr[i], sizeof q->hdr[i], DESC_F_NEXT | desc_flags, 2 * i + 1};
        q->desc[2 * i + 1] = (struct vring_desc){(uintptr_t)q->frame[i], FRAME_MAX, desc_flags, 0};
    }
    q->avail->flags = avail_flags;
    outl(io + REG_QUEUE_PFN, (uintptr_t)q->vring / QUEUE_ALIGN);
}

static void queue_publish(struct queue *q, uint16_t head) {
    __asm__ volatile("" : : : "memory"); /* buffer contents before the ring entry; x86 keeps store order */
    q->avail->ring[q->avail->idx % q->size] = head;
    q->avail->idx++;
}

static void queue_kick(struct queue *q) {
    __sync_synchronize(); /* the device must see the new index before we read its flags */
    if (!(q->used->flags & USED_F_NO_NOTIFY)) outw(io + REG_QUEUE_NOTIFY, q->index);
}

/* The next chain the device has finished with: its head descriptor and the bytes it wrote. */
static int queue_next_used(struct queue *q, uint32_t *head, uint32_t *len) {
    if (q->last_used == q->used->idx) return 0;
    __asm__ volatile("" : : : "memory"); /* read the element and its buffer after the index */
    uint16_t i = q->last_used++ % q->size;
    *head = q->used->ring[i].id;
    *len = q->used->ring[i].len;
    return 1;
}

static err_t linkoutput(struct netif *nif, struct pbuf *p) {
    (void)nif;
    uint32_t head, len;
    while (queue_next_used(&tx, &head, &len)) tx_free[tx_nfree++] = (uint16_t)(head / 2);
    if (p->tot_len > FRAME_MAX) return ERR_BUF;
    if (tx_nfree == 0) return ERR_MEM; /* lwIP drops the frame; TCP retransmits */
    uint16_t slot = tx_free[--tx_nfree];
    pbuf_copy_partial(p, tx.frame[slot], p->tot_len, 0);
    tx.desc[2 * slot + 1].len = p->tot_len;
    queue_publish(&tx, 2 * slot);
    queue_kick(&tx);
    return ERR_OK;
}

void net_poll(struct netif *nif) {
    uint32_t head, len;
    int refilled = 0;
    while (queue_next_used(&rx, &head, &len)) {
        uint16_t slot = (uint16_t)(head / 2);
        uint32_t n = len > sizeof rx.hdr[0] ? len - sizeof rx.hdr[0] : 0;
        struct pbuf *p = n && n <= FRAME_MAX ? pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_POOL) : NULL;
        if (p) { /* else dropped: nothing to deliver or no pbuf free */
            pbuf_take(p, rx.frame[slot], (u16_t)n);
            if (nif->input(p, nif) != ERR_OK) pbuf_free(p);
        }
        queue_publish(&rx, (uint16_t)head);
        refilled = 1;
    }
    if (refilled) queue_kick(&rx);
}

static void acknowledge(void) { (void)inb(io + REG_ISR); }

err_t net_init(struct netif *nif) {
    struct pci_dev d;
    if (!pci_find(VIRTIO_VENDOR, VIRTIO_NET_TRANSITIONAL, &d))
        fatal("no legacy-capable virtio-net PCI device (1af4:1000); is disable-legacy=on set?");
    uint32_t bar0 = pci_read32(&d, 0x10);
    if (!(bar0 & 1) || (bar0 & ~3u) == 0) fatal("virtio-net: BAR0 is not an assigned I/O BAR (%x)", bar0);
    io = (uint16_t)(bar0 & ~3u);
    uint8_t irq = pci_read8(&d, PCI_INTERRUPT_LINE);
    if (irq > 15) fatal("virtio-net: no PIC line routed to its INTx (interrupt line %u)", irq);
    pci_write16(&d, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MASTER);

    outb(io + REG_STATUS, 0); /* reset */
    outb(io + REG_STATUS, STATUS_ACKNOWLEDGE);
    outb(io + REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    if (!(inl(io + REG_HOST_FEATURES) & VIRTIO_NET_F_MAC)) fatal("virtio-net: the device has no MAC address");
    outl(io + REG_GUEST_FEATURES, VIRTIO_NET_F_MAC);
    queue_init(&rx, 0, DESC_F_WRITE, 0);
    queue_init(&tx, 1, 0, AVAIL_F_NO_INTERRUPT);
    for (uint16_t i = 0; i < rx.buffers; i++) queue_publish(&rx, 2 * i);
    for (uint16_t i = 0; i < tx.buffers; i++) tx_free[tx_nfree++] = i;
    for (int i = 0; i < 6; i++) nif->hwaddr[i] = inb(io + REG_MAC + i);
    irq_enable(irq, acknowledge);
    outb(io + REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
    queue_kick(&rx); /* QEMU holds back frames that came while no receive buffer was posted */

    nif->name[0] = 'v';
    nif->name[1] = 'n';
    nif->linkoutput = linkoutput;
    kprintf("hapmeter-unikernel: virtio-net at %02x:%02x.%u, io port %x, irq %u, mac %02x:%02x:%02x:%02x:%02x:%02x, "
            "queue sizes %u/%u\n",
            d.bus, d.dev, d.fn, io, irq, nif->hwaddr[0], nif->hwaddr[1], nif->hwaddr[2], nif->hwaddr[3],
            nif->hwaddr[4], nif->hwaddr[5], rx.size, tx.size);
    return ERR_OK;
}
