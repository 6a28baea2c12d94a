package hapmeter.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import hapmeter.Home;
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

    @Test
    void softPreDependenciesComeFirstAsModprobeLoadsThem() throws IOException {
        // The real package's modules.dep, modules.softdep and modules.alias: libcrc32c says "pre: crc32c", an alias
        // that crc32c_intel and crc32c_generic both provide.
        Path modules = KernelPackage.fetch("6.1.0-56-amd64", Home.cache()).modulesDir();
        List<String> order = ModulesDep.load(modules.resolve("modules.dep")).resolve(List.of("nf_conntrack"));
        int generic = indexOf(order, "crc32c_generic");
        int lib = indexOf(order, "libcrc32c");
        assertTrue(generic >= 0 && generic < lib, order.toString());
        assertEquals(-1, indexOf(order, "crc32c_intel"), "the CPU-specific one too: " + order);
    }

    @Test
    void aCycleOfSoftDependenciesEnds() throws IOException {
        Files.writeString(dir.resolve("modules.dep"), "kernel/a.ko:\nkernel/b.ko:\n");
        Files.writeString(dir.resolve("modules.softdep"), "softdep a pre: b\nsoftdep b pre: a post: c\n");
        assertEquals(List.of("kernel/b.ko", "kernel/a.ko"), ModulesDep.load(dir.resolve("modules.dep")).resolve(List.of("a")));
    }

    private static int indexOf(List<String> order, String module) {
        for (int i = 0; i < order.size(); i++) {
            if (ModulesDep.nameOf(order.get(i)).equals(module)) {
                return i;
            }
        }
        return -1;
    }
}
