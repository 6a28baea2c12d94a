/* The multiboot platform's entry (QEMU's -kernel): console, exceptions, PICs and the TSC, then the
 * command line from the multiboot information. The NIC is virtio_net.c's. */
#include "kernel.h"
#include "lwip/init.h"
#include "unikernel.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002
#define MULTIBOOT_INFO_CMDLINE (1u << 2)

struct multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
};

/* Called by boot.S. */
void kmain(uint32_t magic, const struct multiboot_info *mbi) {
    serial_init();
    kprintf("hapmeter-unikernel: booting, lwIP %s\n", LWIP_VERSION_STRING);
    cpu_init();
    irq_init();
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC) fatal("not started by a multiboot loader (eax %x)", magic);
    const char *cmdline = mbi->flags & MULTIBOOT_INFO_CMDLINE ? (const char *)mbi->cmdline : "";
    kprintf("hapmeter-unikernel: command line \"%s\", TSC %u kHz\n", cmdline, tsc_khz());
    unikernel_main(cmdline);
}
