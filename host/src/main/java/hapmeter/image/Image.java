package hapmeter.image;

import java.nio.file.Path;
import java.util.List;

/** A bootable test-VM image: kernel + initramfs, named by the digest of everything in it. */
public record Image(String kernelVersion, Path kernel, Path initramfs, String digest, List<String> modules,
        boolean cached) {
    public long sizeBytes() {
        return kernel.toFile().length() + initramfs.toFile().length();
    }
}
