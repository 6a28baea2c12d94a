package hapmeter.image;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A kernel with its modules: a Debian linux-image package, downloaded with apt-get and unpacked
 * into the cache, or a user's kernel directory. The package ships no modules.dep (its postinst
 * runs depmod), so depmod generates it from the package's own modules: dependencies come from the
 * modules, never from a list of ours.
 */
public final class KernelPackage {
    private static final Pattern UNPACKED = Pattern.compile("(.+?)-(?:user-)?[0-9a-f]{12}");
    private final String version;
    private final String identity;
    private final Path vmlinuz;
    private final Path root;
    private final Path deb;

    private KernelPackage(String version, String identity, Path vmlinuz, Path root, Path deb) {
        this.version = version;
        this.identity = identity;
        this.vmlinuz = vmlinuz;
        this.root = root;
        this.deb = deb;
    }

    /**
     * ARG is a release such as 6.1.0-56-amd64, a path to a linux-image .deb file, or a directory
     * holding a bzImage (or vmlinuz*) and lib/modules/RELEASE/ (a user's own kernel; its config,
     * if any, as config or boot/config-RELEASE).
     */
    public static KernelPackage fetch(String arg, Path cache) {
        if (Files.isDirectory(Path.of(arg))) {
            return fromDirectory(Path.of(arg).toAbsolutePath(), cache);
        }
        Path deb = arg.endsWith(".deb") ? Path.of(arg).toAbsolutePath() : download(arg, cache);
        if (!Files.isRegularFile(deb)) {
            throw new HapmeterException("kernel package not found: " + deb);
        }
        String version = kernelRelease(deb);
        String sha = Digests.sha256(deb);
        Path root = cache.resolve("kernels").resolve(version + "-" + sha.substring(0, 12));
        if (!Files.isRegularFile(root.resolve(".complete"))) {
            unpack(deb, root, version);
        }
        return new KernelPackage(version, deb.getFileName() + " " + sha,
                root.resolve("boot").resolve("vmlinuz-" + version), root, deb);
    }

    private static KernelPackage fromDirectory(Path dir, Path cache) {
        try {
            Path modules = dir.resolve("lib/modules");
            List<Path> releases;
            try (Stream<Path> s = Files.list(modules)) {
                releases = s.filter(Files::isDirectory).toList();
            }
            if (releases.size() != 1) {
                throw new HapmeterException("user kernel " + dir + ": lib/modules/ must hold exactly one release");
            }
            String version = releases.get(0).getFileName().toString();
            Path image;
            try (Stream<Path> s = Files.list(dir)) {
                image = s.filter(p -> p.getFileName().toString().equals("bzImage")
                        || p.getFileName().toString().startsWith("vmlinuz")).findFirst()
                        .orElseThrow(() -> new HapmeterException("user kernel " + dir + ": no bzImage or vmlinuz* in it"));
            }
            for (Path config : List.of(dir.resolve("config"), dir.resolve("boot/config-" + version))) {
                if (Files.isRegularFile(config)) {
                    requireFunctionGraph(config, version);
                }
            }
            // Its modules.dep, when missing, is generated on a copy: the user's tree stays untouched.
            String sha = Digests.sha256(image);
            Path root = cache.resolve("kernels").resolve(version + "-user-" + sha.substring(0, 12));
            if (!Files.isRegularFile(root.resolve(".complete"))) {
                Path tmp = root.resolveSibling(root.getFileName() + ".tmp");
                Digests.deleteTree(tmp);
                Files.createDirectories(tmp.resolve("lib"));
                Exec.check(null, List.of("cp", "-a", modules.toString(), tmp.resolve("lib").toString()));
                if (!Files.isRegularFile(tmp.resolve("lib/modules").resolve(version).resolve("modules.dep"))) {
                    Exec.check(null, List.of("depmod", "-b", tmp.toString(), version));
                }
                Files.writeString(tmp.resolve(".complete"), dir.toString());
                Digests.deleteTree(root);
                Files.move(tmp, root);
            }
            return new KernelPackage(version, "user " + image + " " + sha, image, root, null);
        } catch (IOException e) {
            throw new HapmeterException("user kernel " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path download(String version, Path cache) {
        if (!version.matches("[0-9][0-9A-Za-z.+~-]*")) {
            throw new HapmeterException("not a kernel version: '" + version + "' (e.g. 6.1.0-56-amd64)");
        }
        Path debs = cache.resolve("debs");
        try {
            Files.createDirectories(debs);
        } catch (IOException e) {
            throw new HapmeterException("cannot create " + debs + ": " + e.getMessage(), e);
        }
        String pkg = "linux-image-" + version;
        Path found = findDeb(debs, pkg);
        if (found != null) {
            return found;
        }
        Exec.Result r = Exec.run(debs, List.of("apt-get", "download", pkg));
        found = findDeb(debs, pkg);
        if (r.exit() != 0 || found == null) {
            throw new HapmeterException("unknown kernel version " + version + ": apt-get cannot download " + pkg
                    + "; apt offers " + OfferedKernels.query().summary());
        }
        return found;
    }

    private static Path findDeb(Path dir, String pkg) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(pkg + "_") && p.toString().endsWith(".deb"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The kernels CACHE holds, by release: its downloaded linux-image .deb files (debs/RELEASE_*.deb) and its
     * complete unpacked trees (kernels/RELEASE-SHA12, kernels/RELEASE-user-SHA12 for a user's kernel).
     */
    public static Map<String, List<Path>> cached(Path cache) {
        Map<String, List<Path>> out = new TreeMap<>(KernelRelease.ORDER);
        try {
            for (Path deb : list(cache.resolve("debs"))) {
                String name = deb.getFileName().toString();
                if (name.startsWith("linux-image-") && name.endsWith(".deb") && name.contains("_")) {
                    out.computeIfAbsent(name.substring("linux-image-".length(), name.indexOf('_')), k -> new ArrayList<>())
                            .add(deb);
                }
            }
            for (Path tree : list(cache.resolve("kernels"))) {
                Matcher m = UNPACKED.matcher(tree.getFileName().toString());
                if (m.matches() && Files.isRegularFile(tree.resolve(".complete"))) {
                    out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(tree);
                }
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot list the kernels in " + cache + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String kernelRelease(Path deb) {
        String contents = Exec.check(null, List.of("dpkg-deb", "--contents", deb.toString()));
        for (String line : contents.split("\n")) {
            int i = line.indexOf("./boot/vmlinuz-");
            if (i >= 0) {
                return line.substring(i + "./boot/vmlinuz-".length()).trim();
            }
        }
        throw new HapmeterException(deb + " is not a kernel image package: it has no boot/vmlinuz-*");
    }

    private static void unpack(Path deb, Path root, String version) {
        Path tmp = root.resolveSibling(root.getFileName() + ".tmp");
        try {
            Digests.deleteTree(tmp);
            Files.createDirectories(tmp);
            Exec.check(null, List.of("dpkg-deb", "-x", deb.toString(), tmp.toString()));
            requireFunctionGraph(tmp.resolve("boot").resolve("config-" + version), version);
            Exec.check(null, List.of("depmod", "-b", tmp.toString(), version));
            Files.writeString(tmp.resolve(".complete"), deb.getFileName().toString());
            Digests.deleteTree(root);
            Files.move(tmp, root);
        } catch (IOException e) {
            throw new HapmeterException("cannot unpack " + deb + ": " + e.getMessage(), e);
        } finally {
            try {
                Digests.deleteTree(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover .tmp is never mistaken for a complete unpack
            }
        }
    }

    static void requireFunctionGraph(Path config, String version) throws IOException {
        if (!Files.isRegularFile(config)) {
            throw new HapmeterException("kernel " + version + " has no config file (" + config.getFileName()
                    + "): cannot tell whether it supports function_graph tracing");
        }
        if (!Files.readAllLines(config).contains("CONFIG_FUNCTION_GRAPH_TRACER=y")) {
            throw new HapmeterException("kernel " + version + " lacks CONFIG_FUNCTION_GRAPH_TRACER=y: "
                    + "hapmeter needs the function_graph tracer");
        }
    }

    public String version() {
        return version;
    }

    /** What the kernel is, for the image digest: the package's file name and sha256. */
    public String identity() {
        return identity;
    }

    public Path vmlinuz() {
        return vmlinuz;
    }

    /** The linux-image .deb it came from, or null for a user's kernel directory. */
    public Path deb() {
        return deb;
    }

    /** The package's boot/config-RELEASE (Debian packages only; requireFunctionGraph read it at unpack). */
    public Path config() {
        return root.resolve("boot").resolve("config-" + version);
    }

    public Path modulesDir() {
        return root.resolve("lib").resolve("modules").resolve(version);
    }
}
