package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.image.Image;
import hapmeter.image.ImageBuilder;
import hapmeter.image.ImageCache;
import hapmeter.vm.MachineSpec;
import hapmeter.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "image", description = "Test-VM images.", subcommands = {ImageCommand.Build.class, ImageCommand.Prune.class})
final class ImageCommand {
    @Command(name = "prune", description = "Delete cached images (some 200 MB each; every change of an input makes a "
            + "new one): per kernel all but the most recently used, and unfinished builds.")
    static final class Prune implements Callable<Integer> {
        @Option(names = "--keep", defaultValue = "2", description = "Images kept per kernel (default: ${DEFAULT-VALUE}).")
        int keep;

        @Option(names = "--dry-run", description = "Only list what would be deleted.")
        boolean dryRun;

        @Override
        public Integer call() {
            List<ImageCache.Entry> doomed = ImageCache.prunable(Home.cache(), keep);
            for (ImageCache.Entry e : doomed) {
                System.out.printf("%s %s (%.0f MB, %s)%n", dryRun ? "would delete" : "delete", e.dir(), e.bytes() / 1e6,
                        e.complete() ? "last used " + e.lastUsed() : "unfinished build");
            }
            long freed = dryRun ? doomed.stream().mapToLong(ImageCache.Entry::bytes).sum() : ImageCache.delete(doomed);
            System.out.printf("%s %.1f GB in %d image(s); kept per kernel: %d%n", dryRun ? "would free" : "freed",
                    freed / 1e9, doomed.size(), keep);
            return 0;
        }
    }

    @Command(name = "build", description = "Build (or find cached) the kernel + initramfs for a kernel.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--kernel", defaultValue = "6.1.0-56-amd64",
                description = "Debian kernel release or a path to a linux-image .deb.")
        String kernel;

        @Option(names = "--machine", description = "Machine definition whose modules go in.")
        Path machine;

        @Option(names = "--boot", paramLabel = "DIR",
                description = "Also write the boot files of a bare-metal test machine (PXE, USB) into DIR, with a README.")
        Path boot;

        @Option(names = "--control-tty", defaultValue = "ttyS0", description = "With --boot: the probe's serial port (default: ${DEFAULT-VALUE}).")
        String controlTty;

        @Option(names = "--baud", defaultValue = "115200", description = "With --boot: its speed (default: ${DEFAULT-VALUE}).")
        int baud;

        @Option(names = "--ip", defaultValue = "10.0.2.15/24", description = "With --boot: eth0's address (default: ${DEFAULT-VALUE}).")
        String ip;

        @Option(names = "--gw", defaultValue = "10.0.2.2", description = "With --boot: the default route (default: ${DEFAULT-VALUE}).")
        String gw;

        @Override
        public Integer call() {
            MachineSpec m = MachineSpec.load(machine != null ? machine : Home.vmConfigs().resolve("machines/default.json"));
            Image img = new ImageBuilder(Home.root(), Home.cache(), new Progress(System.err))
                    .build(kernel, m.bootModules(), Scenario.allModules(Home.vmConfigs().resolve("scenarios")),
                            Scenario.allFiles(Home.vmConfigs().resolve("scenarios")),
                            Scenario.allBundles(Home.vmConfigs().resolve("scenarios")));
            System.out.printf("%s image %s for %s: %.1f MB (kernel %.1f MB, initramfs %.1f MB), %d modules%n",
                    img.cached() ? "cached" : "built", img.digest().substring(0, 16), img.kernelVersion(),
                    img.sizeBytes() / 1e6, img.kernel().toFile().length() / 1e6, img.initramfs().toFile().length() / 1e6,
                    img.modules().size());
            System.out.println("kernel:    " + img.kernel());
            System.out.println("initramfs: " + img.initramfs());
            if (boot != null) {
                writeBoot(img);
            }
            return 0;
        }

        /**
         * The kernel, the initramfs and the command line for a bare-metal machine: the kernel
         * console goes to the screen, the probe's control line to CONTROL_TTY (no bulk port: traces
         * come over that line). The machine definition's boot modules must include its NIC driver.
         */
        private void writeBoot(Image img) {
            String cmdline = "console=tty0 quiet panic=-1 hapmeter.control=" + controlTty + " hapmeter.baud=" + baud
                    + " hapmeter.ip=" + ip + " hapmeter.gw=" + gw;
            String address = ip.replaceFirst("/.*", "");
            try {
                Files.createDirectories(boot);
                Files.copy(img.kernel(), boot.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(img.initramfs(), boot.resolve("initramfs.cpio"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(boot.resolve("cmdline.txt"), cmdline + "\n");
                Files.writeString(boot.resolve("README.md"), String.join("\n",
                        "# hapmeter boot files for a bare-metal test machine",
                        "",
                        "Kernel " + img.kernelVersion() + ", image " + img.digest().substring(0, 16) + ". Boot the machine "
                                + "from `vmlinuz` and `initramfs.cpio` with the command line in `cmdline.txt`:",
                        "",
                        "    " + cmdline,
                        "",
                        "The probe answers on /dev/" + controlTty + " at " + baud + " baud (8N1, no flow control); the kernel "
                                + "console is on the screen. Connect that port to the measuring machine with a null-modem "
                                + "cable, and give eth0 a network the measuring machine reaches (" + ip + " here). The NIC "
                                + "driver must be in the image: add its module (e1000e, igb, r8169, ...) to the machine "
                                + "definition's boot_modules and rebuild with `--machine`.",
                        "",
                        "PXE (PXELINUX, files in the TFTP root):",
                        "",
                        "    LABEL hapmeter",
                        "      KERNEL vmlinuz",
                        "      INITRD initramfs.cpio",
                        "      APPEND " + cmdline,
                        "",
                        "iPXE:",
                        "",
                        "    kernel vmlinuz " + cmdline,
                        "    initrd initramfs.cpio",
                        "    boot",
                        "",
                        "USB stick with GRUB (files in /boot of the stick):",
                        "",
                        "    menuentry hapmeter {",
                        "      linux /boot/vmlinuz " + cmdline,
                        "      initrd /boot/initramfs.cpio",
                        "    }",
                        "",
                        "Then, from the measuring machine:",
                        "",
                        "    ./hapmeter run --serial /dev/ttyUSB0 --baud " + baud + " --kernel " + img.kernelVersion()
                                + " --scenarios socket --endpoint vm=" + address + ":80",
                        "",
                        "Traces come over the serial line, gzip-compressed, in checksummed chunks (a 4 MB trace is a few "
                                + "hundred KB: about half a minute at 115200 baud). The machine stays up after the run.",
                        ""));
            } catch (IOException e) {
                throw new HapmeterException("cannot write the boot files to " + boot + ": " + e.getMessage(), e);
            }
            System.out.println("boot files: " + boot.toAbsolutePath() + " (README.md says how to boot them)");
            System.out.println("cmdline:   " + cmdline);
        }
    }
}
