package hapmeter.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On an excerpt of the modules.dep that depmod generated for Debian's linux-image-6.1.0-56-amd64. */
class ModulesDepTest {
    @TempDir
    Path dir;

    private ModulesDep load(String builtin) throws IOException {
        Path dep = dir.resolve("modules.dep");
        Files.copy(Path.of("src/test/resources/modules/modules.dep.6.1.0-56-excerpt"), dep);
        Files.writeString(dir.resolve("modules.builtin"), builtin);
        return ModulesDep.load(dep);
    }

    @Test
    void everyModuleComesAfterAllItsDependencies() throws IOException {
        List<String> order = load("").resolve(List.of("virtio_net", "virtio_pci", "virtio_console", "bridge"));
        assertEquals(List.of("kernel/net/core/failover.ko", "kernel/drivers/net/net_failover.ko",
                "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/net/virtio_net.ko", "kernel/drivers/virtio/virtio_pci_legacy_dev.ko",
                "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "kernel/drivers/virtio/virtio_pci.ko",
                "kernel/drivers/char/virtio_console.ko", "kernel/net/llc/llc.ko", "kernel/net/802/stp.ko",
                "kernel/net/bridge/bridge.ko"), order);
    }

    @Test
    void builtInModulesNeedNothingAndUnknownOnesAreNamed() throws IOException {
        ModulesDep d = load("kernel/drivers/net/tun.ko\n");
        assertEquals(List.of(), d.resolve(List.of("tun")));
        HapmeterException e = assertThrows(HapmeterException.class, () -> d.resolve(List.of("kvm_amd")));
        assertTrue(e.getMessage().contains("'kvm_amd'"), e.getMessage());
    }

    @Test
    void namesIgnoreCompressionAndDashes() {
        assertEquals("kvm_amd", ModulesDep.nameOf("kernel/arch/x86/kvm/kvm-amd.ko.xz"));
        assertEquals("bridge", ModulesDep.nameOf("kernel/net/bridge/bridge.ko"));
    }
}
