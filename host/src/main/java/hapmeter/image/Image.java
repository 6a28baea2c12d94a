package hapmeter.image;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A bootable test-VM image: kernel + initramfs, named by the digest of everything in it.
 * MODULES are the module files in it (under /lib/modules/ by base name); MODULES_DEP is the
 * kernel's modules.dep, for resolving what a scenario must load.
 */
public record Image(String kernelVersion, Path kernel, Path initramfs, String digest, List<String> modules,
        Path modulesDep, boolean cached) {

    /** The module files to load, in order, for NAMES (base names as stored in the image). */
    public List<String> loadOrder(Collection<String> names) {
        try {
            return ModulesDep.load(modulesDep).resolve(names).stream()
                    .map(ModulesDep::imageName).toList();
        } catch (IOException e) {
            throw new HapmeterException("cannot read " + modulesDep + ": " + e.getMessage(), e);
        }
    }

    public long sizeBytes() {
        return kernel.toFile().length() + initramfs.toFile().length();
    }
}
