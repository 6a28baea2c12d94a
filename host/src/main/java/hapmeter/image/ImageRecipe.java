package hapmeter.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import hapmeter.ConfigFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * images/image.json: the initramfs's contents besides kernel modules and the probe. HOST_FILES
 * are copied from this machine to the same paths (symlinks followed); the libraries of the ELF
 * ones come along.
 */
public record ImageRecipe(String description, String busybox, String init, List<Workload> workloads,
        List<String> hostFiles, List<Bundle> bundles, Guest guest) {

    public ImageRecipe {
        bundles = bundles == null ? List.of() : bundles;
    }

    /**
     * An OCI bundle for the container scenarios (see OciBundle): CONFIG (a template under
     * images/) with ARGS as the container's process and SECCOMP (a profile under images/, or
     * none) as linux.seccomp; the rootfs holds WORKLOADS (at /NAME) and HOST_FILES. NETWORK_NAMESPACE:
     * the path of a network namespace to join (else the test VM's own). LIKE names an earlier bundle whose
     * config, seccomp, args, workloads and host files this one takes when it gives none of its own.
     */
    public record Bundle(String name, String description, String like, String config, String seccomp,
            List<String> args, List<String> workloads, List<String> hostFiles, String networkNamespace) {
        public Bundle {
            workloads = workloads == null ? List.of() : workloads;
            hostFiles = hostFiles == null ? List.of() : hostFiles;
        }

        /** This bundle with what it leaves out taken from BASE. */
        Bundle from(Bundle base) {
            return new Bundle(name, description, null, config != null ? config : base.config(),
                    seccomp != null ? seccomp : base.seccomp(), args != null ? args : base.args(),
                    workloads.isEmpty() ? base.workloads() : workloads, hostFiles.isEmpty() ? base.hostFiles() : hostFiles,
                    networkNamespace);
        }
    }

    /**
     * The linux-vm scenarios' guest, placed in the image as /opt/hapmeter/guest/{vmlinuz,
     * initramfs.cpio,qemu.args}: the test VM's own kernel with a busybox initramfs running INIT and
     * the MODULES it loads, and QEMU, QEMU's command for it (guest-run adds the bundle and -initrd).
     */
    public record Guest(String description, String init, List<String> modules, List<String> qemu) {
    }

    public record Workload(String name, String description, String dir, List<String> sources,
            @JsonProperty("build") List<String> build) {
    }

    public static ImageRecipe load(Path file) {
        ImageRecipe r = ConfigFiles.read(file, ImageRecipe.class);
        ConfigFiles.check(file, "busybox", r.busybox() != null, "is required");
        ConfigFiles.check(file, "init", r.init() != null, "is required");
        ConfigFiles.check(file, "workloads", r.workloads() != null, "is required");
        ConfigFiles.check(file, "host_files", r.hostFiles() != null, "is required");
        ConfigFiles.check(file, "guest", r.guest() != null && r.guest().init() != null && r.guest().modules() != null
                && r.guest().qemu() != null && !r.guest().qemu().isEmpty(), "needs init, modules and qemu");
        checkOnePerLine(file, "guest.qemu", r.guest().qemu());
        Map<String, Bundle> byName = new LinkedHashMap<>();
        for (int i = 0; i < r.bundles().size(); i++) {
            Bundle b = r.bundles().get(i);
            String at = "bundles[" + i + "]";
            if (b.like() != null) {
                ConfigFiles.check(file, at, byName.containsKey(b.like()), "is like '" + b.like() + "', no earlier bundle");
                b = b.from(byName.get(b.like()));
            }
            ConfigFiles.check(file, at, b.name() != null && b.config() != null && b.args() != null,
                    "needs name, config and args");
            checkOnePerLine(file, at + ".args", b.args());
            ConfigFiles.check(file, at, byName.putIfAbsent(b.name(), b) == null, "repeats the name '" + b.name() + "'");
        }
        return new ImageRecipe(r.description(), r.busybox(), r.init(), r.workloads(), r.hostFiles(),
                List.copyOf(byName.values()), r.guest());
    }

    /** ARGS go into the image one per line (ImageBuilder.lines), for guest-run's shell to read back. */
    private static void checkOnePerLine(Path file, String field, List<String> args) {
        ConfigFiles.check(file, field, args.stream().noneMatch(a -> a.contains("\n")),
                "has an argument with a line break (the image lists them one per line)");
    }
}
