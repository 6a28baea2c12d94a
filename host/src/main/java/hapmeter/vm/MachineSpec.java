package hapmeter.vm;

import hapmeter.ConfigFiles;
import hapmeter.HapmeterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A test-VM definition from vm-configs/machines/*.json. qemu_args may use ${console_log},
 * ${data_socket} and ${hostfwd} (the user-network port forwards, one per entry of FORWARDS:
 * name -> guest address:port); the control port is the chardev labelled "control" (a pty), the
 * bulk port the virtserialport named "hapmeter.data". BOOT_MODULES are loaded by /init.
 */
public record MachineSpec(String name, String description, int memoryMb, int smp, String cpu, String append,
        int bootTimeoutS, int kvmProbeTimeoutS, List<String> bootModules, Map<String, String> forwards,
        List<String> qemuArgs) {

    public static MachineSpec load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HapmeterException("no machine definition " + file);
        }
        MachineSpec m = ConfigFiles.read(file, MachineSpec.class);
        require(file, "name", m.name() != null);
        require(file, "memory_mb", m.memoryMb() >= 64);
        require(file, "smp", m.smp() >= 1);
        require(file, "cpu", m.cpu() != null);
        require(file, "append", m.append() != null);
        require(file, "boot_timeout_s", m.bootTimeoutS() > 0);
        require(file, "kvm_probe_timeout_s", m.kvmProbeTimeoutS() > 0);
        require(file, "boot_modules", m.bootModules() != null);
        require(file, "forwards", m.forwards() != null && !m.forwards().isEmpty()
                && m.forwards().values().stream().allMatch(v -> v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+")));
        require(file, "qemu_args", m.qemuArgs() != null && String.join(" ", m.qemuArgs()).contains("id=control"));
        return m;
    }

    private static void require(Path file, String field, boolean ok) {
        ConfigFiles.check(file, field, ok, "is missing or invalid");
    }

    /** Whether the machine has the virtio-serial bulk port; without it, files come over the control line. */
    public boolean hasBulkPort() {
        return qemuArgs.stream().anyMatch(a -> a.contains("${data_socket}"));
    }

    public MachineSpec withBootTimeout(int seconds) {
        return new MachineSpec(name, description, memoryMb, smp, cpu, append, seconds, kvmProbeTimeoutS, bootModules,
                forwards, qemuArgs);
    }
}
