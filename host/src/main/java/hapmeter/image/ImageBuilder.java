package hapmeter.image;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the test VM's image. Every input is hashed first; when an image with that digest is in
 * the cache, the build is a no-op. Outputs are written under a temporary name and renamed.
 */
public final class ImageBuilder {
    private final Path root;
    private final Path cache;
    private final Consumer<String> progress;

    public ImageBuilder(Path root, Path cache, Consumer<String> progress) {
        this.root = root;
        this.cache = cache;
        this.progress = progress;
    }

    /**
     * BOOT_MODULES are loaded by /init at boot; EXTRA_MODULES are only put in the image, for the
     * probe to load when a scenario needs them. Dependencies of both come from modules.dep.
     * EXTRA_FILES are host files that scenarios run, added like the recipe's host_files. Of the
     * recipe's bundles only the named BUNDLES go in: a language runtime's is some 100 MB.
     */
    public Image build(String kernel, Collection<String> bootModules, Collection<String> extraModules,
            Collection<String> extraFiles, Collection<String> bundleNames) {
        Path images = root.resolve("images");
        ImageRecipe recipe = ImageRecipe.load(images.resolve("image.json"));
        progress.accept("kernel package " + kernel);
        KernelPackage pkg = KernelPackage.fetch(kernel, cache);
        Path modulesDep = pkg.modulesDir().resolve("modules.dep");
        ModulesDep dep = loadModulesDep(pkg);
        List<String> boot = dep.resolve(bootModules);
        List<String> all = new ArrayList<>(bootModules);
        all.addAll(extraModules);
        List<String> modules = dep.resolve(all);
        List<String> guestModules = dep.resolve(recipe.guest().modules());
        Path busybox = Path.of(recipe.busybox());
        requireStaticBusybox(busybox);
        Path probeJar = root.resolve("probe/target/hapmeter-probe.jar");
        if (!Files.isRegularFile(probeJar)) {
            throw new HapmeterException("probe not built: " + probeJar + " is missing (run ./hapmeter, which builds it)");
        }
        progress.accept("workloads");
        Map<String, Path> workloads = new LinkedHashMap<>();
        for (ImageRecipe.Workload w : recipe.workloads()) {
            workloads.put(w.name(), buildWorkload(images, w));
        }
        List<OciBundle> bundles = new ArrayList<>();
        for (String name : new TreeSet<>(bundleNames)) {
            ImageRecipe.Bundle b = recipe.bundles().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new HapmeterException("bundle '" + name + "' (a scenario's 'bundles') is not in"
                            + " images/image.json; known: " + String.join(", ", recipe.bundles().stream().map(ImageRecipe.Bundle::name).toList())));
            bundles.add(OciBundle.of(images, b, workloads));
        }
        List<String> fileNames = new ArrayList<>(recipe.hostFiles());
        fileNames.addAll(extraFiles);
        List<Path> hostFiles = hostFiles(fileNames);
        progress.accept("probe runtime");
        JavaRuntime jre = JavaRuntime.forHostJdk(cache);
        TreeSet<Path> libraries = new TreeSet<>(jre.libraries());
        List<Path> executables = new ArrayList<>(workloads.values());
        executables.addAll(hostFiles.stream().filter(ImageBuilder::isElf).toList());
        libraries.addAll(SharedLibraries.of(executables, null));
        libraries.removeAll(hostFiles);

        // The digest covers every byte that goes into the image, plus the recipe's shape.
        StringBuilder inputs = new StringBuilder("hapmeter-image-v2\n");
        inputs.append("kernel ").append(pkg.identity()).append('\n');
        modules.forEach(m -> inputs.append(boot.contains(m) ? "boot-module " : "module ").append(m).append('\n'));
        inputs.append("init ").append(Digests.sha256(images.resolve(recipe.init()))).append('\n');
        inputs.append("busybox ").append(Digests.sha256(busybox)).append('\n');
        inputs.append("probe ").append(Digests.sha256(probeJar)).append('\n');
        workloads.forEach((n, p) -> inputs.append("workload ").append(n).append(' ').append(Digests.sha256(p)).append('\n'));
        bundles.forEach(b -> b.describe(inputs));
        hostFiles.forEach(f -> inputs.append("host-file ").append(f).append(' ').append(Digests.sha256(f)).append('\n'));
        inputs.append("jre ").append(jre.id()).append('\n');
        libraries.forEach(l -> inputs.append("lib ").append(l).append(' ').append(Digests.sha256(l)).append('\n'));
        inputs.append("guest-init ").append(Digests.sha256(images.resolve(recipe.guest().init()))).append('\n');
        guestModules.forEach(m -> inputs.append("guest-module ").append(m).append('\n'));
        byte[] guestQemu = lines(recipe.guest().qemu());
        inputs.append("guest-qemu ").append(Digests.sha256(guestQemu)).append('\n');
        String digest = Digests.sha256(inputs.toString().getBytes(StandardCharsets.UTF_8));
        Path dir = cache.resolve("images").resolve(pkg.version() + "-" + digest.substring(0, 16));
        Image image = new Image(pkg.version(), dir.resolve("vmlinuz"), dir.resolve("initramfs.cpio"), digest, modules,
                modulesDep, Files.isRegularFile(dir.resolve("inputs.txt")));
        if (image.cached()) {
            ImageCache.touch(dir);
            return image;
        }
        progress.accept("initramfs");
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        try {
            Digests.deleteTree(tmp);
            Files.createDirectories(tmp);
            Files.copy(pkg.vmlinuz(), tmp.resolve("vmlinuz"));
            // The linux-vm scenarios' guest: the same kernel, a busybox initramfs; guest-run adds a bundle.
            Path guest = tmp.resolve("guest.cpio");
            try (Cpio cpio = new Cpio(guest)) {
                writeBase(cpio, images.resolve(recipe.guest().init()), busybox, pkg, guestModules, guestModules);
            }
            try (Cpio cpio = new Cpio(tmp.resolve("initramfs.cpio"))) {
                writeBase(cpio, images.resolve(recipe.init()), busybox, pkg, modules, boot);
                for (Map.Entry<String, Path> w : workloads.entrySet()) {
                    cpio.file("opt/hapmeter/bin/" + w.getKey(), w.getValue(), 0755);
                }
                for (OciBundle b : bundles) {
                    b.write(cpio);
                }
                cpio.file("opt/hapmeter/guest/vmlinuz", pkg.vmlinuz(), 0644);
                cpio.file("opt/hapmeter/guest/initramfs.cpio", guest, 0644);
                cpio.file("opt/hapmeter/guest/qemu.args", guestQemu, 0644);
                cpio.file("opt/hapmeter/probe.jar", probeJar, 0644);
                addTree(cpio, jre.dir(), "opt/java");
                for (Path lib : libraries) {
                    cpio.file(lib.toString(), lib.toRealPath(), 0755);
                }
                for (Path f : hostFiles) {
                    cpio.file(f.toString(), f.toRealPath(), isElf(f) ? 0755 : 0644);
                }
            }
            Files.delete(guest);
            Files.writeString(tmp.resolve("inputs.txt"), inputs);
            Digests.deleteTree(dir);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new HapmeterException("cannot assemble the image in " + tmp + ": " + e.getMessage(), e);
        }
        return image;
    }

    /**
     * What every initramfs of ours has: directories, /dev/console (the kernel opens it for init
     * before devtmpfs is mounted), /init, busybox, MODULES under /lib/modules, and the names of
     * the BOOT ones, in load order, in /etc/hapmeter/modules for /init.
     */
    private static void writeBase(Cpio cpio, Path init, Path busybox, KernelPackage pkg, List<String> modules,
            List<String> boot) throws IOException {
        for (String d : List.of("proc", "sys", "dev", "tmp", "root")) {
            cpio.directory(d);
        }
        cpio.charDevice("dev/console", 5, 1);
        cpio.file("init", init, 0755);
        cpio.file("bin/busybox", busybox, 0755);
        cpio.symlink("bin/sh", "busybox");
        StringBuilder order = new StringBuilder();
        for (String m : modules) {
            String name = ModulesDep.imageName(m);
            cpio.file("lib/modules/" + name, readModule(pkg.modulesDir().resolve(m)), 0644);
            if (boot.contains(m)) {
                order.append(name).append('\n');
            }
        }
        cpio.file("etc/hapmeter/modules", order.toString().getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** One per line, for the image's shell scripts (guest-run) to read back. */
    static byte[] lines(List<String> args) {
        return args.stream().map(a -> a + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
    }

    private static ModulesDep loadModulesDep(KernelPackage pkg) {
        try {
            return ModulesDep.load(pkg.modulesDir().resolve("modules.dep"));
        } catch (IOException e) {
            throw new HapmeterException("cannot read modules.dep of " + pkg.version() + ": " + e.getMessage(), e);
        }
    }

    /**
     * NAMES as paths, each an existing regular file or a directory, which stands for the regular files
     * under it (a runtime's modules); the error names a missing one and the likely cause.
     */
    static List<Path> hostFiles(Collection<String> names) {
        TreeSet<Path> files = new TreeSet<>();
        for (String f : new TreeSet<>(names)) {
            Path p = Path.of(f);
            if (p.isAbsolute() && Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).forEach(files::add);
                } catch (IOException e) {
                    throw new HapmeterException("host directory " + f + ": " + e.getMessage(), e);
                }
            } else if (p.isAbsolute() && Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new HapmeterException("host file " + f + " (images/image.json or a scenario's 'files') does not"
                        + " exist on this machine (a missing package? see the launcher's prerequisites)");
            }
        }
        return new ArrayList<>(files);
    }

    static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** busybox insmod may lack decompression: compressed modules are stored decompressed. */
    private static byte[] readModule(Path ko) throws IOException {
        String name = ko.getFileName().toString();
        if (name.endsWith(".ko")) {
            return Files.readAllBytes(ko);
        }
        String tool = name.endsWith(".xz") ? "xz" : name.endsWith(".zst") ? "zstd" : "gzip";
        Process p = new ProcessBuilder(tool, "-dc", ko.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        try {
            if (p.waitFor() != 0) {
                throw new IOException(tool + " -dc " + ko + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out.toByteArray();
    }

    private static void addTree(Cpio cpio, Path src, String dest) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String rel = src.relativize(p).toString();
                String target = rel.isEmpty() ? dest : dest + "/" + rel;
                if (Files.isSymbolicLink(p)) {
                    cpio.symlink(target, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    cpio.directory(target);
                } else {
                    cpio.file(target, p, Files.isExecutable(p) ? 0755 : 0644);
                }
            }
        }
    }

    /** Workload binaries are cached by the digest of their sources and build command. */
    private Path buildWorkload(Path images, ImageRecipe.Workload w) {
        Path src = images.resolve(w.dir());
        StringBuilder key = new StringBuilder(String.join(" ", w.build())).append('\n');
        for (String s : w.sources()) {
            key.append(s).append(' ').append(Digests.sha256(src.resolve(s))).append('\n');
        }
        Path out = cache.resolve("workloads").resolve(w.name() + "-"
                + Digests.sha256(key.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16)).resolve(w.name());
        if (Files.isRegularFile(out)) {
            return out;
        }
        try {
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(w.name() + ".tmp");
            List<String> argv = new ArrayList<>();
            for (String a : w.build()) {
                argv.add(a.replace("${out}", tmp.toString()).replace("${cache}", cache.resolve("sources").toString()));
            }
            Exec.check(src, argv);
            Files.move(tmp, out);
            return out;
        } catch (IOException e) {
            throw new HapmeterException("cannot build workload " + w.name() + ": " + e.getMessage(), e);
        }
    }

    private static void requireStaticBusybox(Path busybox) {
        if (!Files.isExecutable(busybox)) {
            throw new HapmeterException("no busybox at " + busybox + ": install busybox-static");
        }
        Exec.Result r = Exec.run(null, List.of("ldd", busybox.toString()));
        if (r.exit() == 0 && !r.output().contains("not a dynamic executable") && !r.output().contains("statically linked")) {
            throw new HapmeterException(busybox + " is dynamically linked: install busybox-static");
        }
    }
}
