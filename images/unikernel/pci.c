/* PCI configuration space through ports 0xcf8/0xcfc, and a search of the bus tree that the BIOS
 * (SeaBIOS, which runs before -kernel images) has numbered and whose BARs it has assigned. */
#include "kernel.h"

static uint32_t config_address(const struct pci_dev *d, uint8_t off) {
    return 0x80000000u | (uint32_t)d->bus << 16 | (uint32_t)d->dev << 11 | (uint32_t)d->fn << 8 | (off & 0xfc);
}

uint32_t pci_read32(const struct pci_dev *d, uint8_t off) {
    outl(0xcf8, config_address(d, off));
    return inl(0xcfc);
}

uint8_t pci_read8(const struct pci_dev *d, uint8_t off) {
    outl(0xcf8, config_address(d, off));
    return inb(0xcfc + (off & 3));
}

void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v) {
    outl(0xcf8, config_address(d, off));
    outw(0xcfc + (off & 2), v);
}

/* Depth-first through PCI-to-PCI bridges, so that only populated buses are probed. */
static int scan_bus(uint8_t bus, uint32_t id, struct pci_dev *out) {
    for (uint8_t dev = 0; dev < 32; dev++) {
        for (uint8_t fn = 0; fn < 8; fn++) {
            struct pci_dev d = {bus, dev, fn};
            uint32_t found = pci_read32(&d, 0x00);
            if ((found & 0xffff) == 0xffff) {
                if (fn == 0) break;
                continue;
            }
            if (found == id) {
                *out = d;
                return 1;
            }
            uint8_t header = (uint8_t)(pci_read32(&d, 0x0c) >> 16);
            if ((header & 0x7f) == 1) { /* PCI-to-PCI bridge */
                uint8_t secondary = (uint8_t)(pci_read32(&d, 0x18) >> 8);
                if (secondary > bus && scan_bus(secondary, id, out)) return 1;
            }
            if (fn == 0 && !(header & 0x80)) break; /* single-function device */
        }
    }
    return 0;
}

int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out) {
    return scan_bus(0, (uint32_t)device << 16 | vendor, out);
}
