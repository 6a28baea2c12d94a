package hapmeter.image;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Debian linux-image package, downloaded with apt-get and unpacked into the cache. The package
 * ships no modules.dep (its postinst runs depmod), so depmod generates it from the package's own
 * modules: dependencies come from the modules, never from a list of ours.
 */
public final class KernelPackage {
    private final String version;
    private final Path deb;
    private final Path root;

    private KernelPackage(String version, Path deb, Path root) {
        this.version = version;
        this.deb = deb;
        this.root = root;
    }

    /** VERSION is a release such as 6.1.0-56-amd64, or a path to a linux-image .deb file. */
    public static KernelPackage fetch(String versionOrDeb, Path cache) {
        Path deb = versionOrDeb.endsWith(".deb") ? Path.of(versionOrDeb).toAbsolutePath() : download(versionOrDeb, cache);
        if (!Files.isRegularFile(deb)) {
            throw new HapmeterException("kernel package not found: " + deb);
        }
        String version = kernelRelease(deb);
        Path root = cache.resolve("kernels").resolve(version + "-" + Digests.sha256(deb).substring(0, 12));
        if (!Files.isRegularFile(root.resolve(".complete"))) {
            unpack(deb, root, version);
        }
        return new KernelPackage(version, deb, root);
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
                    + "; apt offers " + offeredVersions());
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

    /** The linux-image-&lt;release&gt; packages apt knows, as releases. */
    public static String offeredVersions() {
        Exec.Result r = Exec.run(null, List.of("apt-cache", "search", "--names-only", "^linux-image-[0-9].*-amd64$"));
        List<String> versions = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("linux-image-")) {
                versions.add(line.substring("linux-image-".length(), line.indexOf(' ') < 0 ? line.length() : line.indexOf(' ')));
            }
        }
        versions.sort(null);
        return versions.isEmpty() ? "none (run apt-get update?)" : String.join(", ", versions);
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

    public Path deb() {
        return deb;
    }

    public Path vmlinuz() {
        return root.resolve("boot").resolve("vmlinuz-" + version);
    }

    public Path modulesDir() {
        return root.resolve("lib").resolve("modules").resolve(version);
    }
}
