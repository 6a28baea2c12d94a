package hapmeter.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kernel modules loaded for scenarios; a module stays loaded for the rest of the boot. */
final class Modules {
    private static final Duration INSMOD_LIMIT = Duration.ofSeconds(30);

    private final Exec exec;
    private final Set<String> loaded = new HashSet<>();

    Modules(Exec exec) {
        this.exec = exec;
    }

    void load(List<String> modules) throws IOException {
        for (String m : modules) {
            if (!loaded.contains(m)) {
                exec.run("load module " + m, INSMOD_LIMIT, List.of("insmod", "/lib/modules/" + m));
                loaded.add(m);
            }
        }
    }

    /**
     * BY_FLAG: modules for CPUs with that /proc/cpuinfo flag (svm: kvm_amd, vmx: kvm_intel); the
     * first flag the CPU has wins. No such flag, or a module the kernel refuses, means the
     * scenario cannot run here.
     */
    void loadForCpu(Map<String, List<String>> byFlag) throws IOException, Unavailable {
        if (byFlag.isEmpty()) {
            return;
        }
        List<String> flags = List.of();
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("flags")) {
                flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                break;
            }
        }
        for (Map.Entry<String, List<String>> e : byFlag.entrySet()) {
            if (flags.contains(e.getKey())) {
                try {
                    load(e.getValue());
                    return;
                } catch (IOException refused) {
                    throw new Unavailable("CPU flag " + e.getKey() + " present, but " + refused.getMessage());
                }
            }
        }
        throw new Unavailable("the test VM's CPU has none of the flags " + byFlag.keySet());
    }
}
