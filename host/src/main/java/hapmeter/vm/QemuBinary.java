package hapmeter.vm;

import hapmeter.HapmeterException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the QEMU executable before anything is built or booted, so its absence is a clear error. */
public final class QemuBinary {
    public static final String DEFAULT = "qemu-system-x86_64";

    private QemuBinary() {
    }

    public static String resolve(String nameOrPath) {
        if (nameOrPath.contains("/")) {
            if (Files.isExecutable(Path.of(nameOrPath))) {
                return nameOrPath;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, nameOrPath);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new HapmeterException("QEMU not found: " + nameOrPath
                + " is not an executable on PATH (install it with: apt-get install qemu-system-x86)");
    }
}
