package hapmeter.source;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.image.Digests;
import hapmeter.image.KernelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The source index of a Debian kernel: linux-image-RELEASE names the exact version (6.1.0-56-amd64 is
 * 6.1.192-2), linux-source-MAJOR.MINOR of that version holds the tree (a .tar.xz inside the .deb). Built once
 * per source version; each kernel release that shares it is registered with its configuration.
 */
public final class DebianSource {
    /** What {@link #index} did; TIMINGS are this call's seconds per step. */
    public record Outcome(SourceIndex index, boolean cached, String release, Map<String, Double> timings) {
        /** "54.9 s (download 1.7 s, extract 12.9 s, …)": the total, then {@link #steps}. */
        public String seconds() {
            return timings.get("total") + " s" + (steps().isEmpty() ? "" : " (" + steps() + ")");
        }

        /** "download 1.7 s, extract 12.9 s, …"; empty for a cached index. */
        public String steps() {
            return timings.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                    .map(e -> e.getKey() + " " + e.getValue() + " s").collect(Collectors.joining(", "));
        }
    }

    private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)[.-].*");

    private DebianSource() {
    }

    /**
     * Finds or builds the index for kernel RELEASE under ROOT (downloads in CACHE/debs).
     *
     * @param force rebuild even if cached
     * @throws HapmeterException for an unknown release, a missing source package or version, or a missing tool
     */
    public static Outcome index(String release, Path cache, Path root, boolean force, Consumer<String> progress) {
        long t0 = System.nanoTime();
        Matcher m = RELEASE.matcher(release);
        if (!m.matches()) {
            throw new HapmeterException("not a kernel release: '" + release + "' (e.g. 6.1.0-56-amd64)");
        }
        if (!force) {
            // A release already registered needs neither apt nor the kernel package: every run after the first asks.
            try {
                SourceIndex known = SourceIndex.forKernel(root, release);
                if (known != null) {
                    return new Outcome(known, true, release, Map.of("total", IndexBuilder.seconds(t0)));
                }
            } catch (IOException unusable) {
                // of another format or damaged: the check of its source version below says so and rebuilds it
            }
        }
        String pkg = "linux-source-" + m.group(1) + "." + m.group(2);
        List<String> versions = aptVersions(pkg);
        if (versions.isEmpty()) {
            throw new HapmeterException("no Debian source package " + pkg + " for kernel " + release + ": apt knows "
                    + available() + " (run apt-get update?)");
        }
        KernelPackage kernel = KernelPackage.fetch(release, cache);
        if (kernel.deb() == null) {
            throw new HapmeterException("kernel " + release + " is not a Debian package: no source package to index");
        }
        String version = Exec.check(null, List.of("dpkg-deb", "-f", kernel.deb().toString(), "Version")).strip();
        if (!versions.contains(version)) {
            throw new HapmeterException(pkg + " " + version + " (the version of linux-image-" + release
                    + ") is not available from apt, which offers " + String.join(", ", versions));
        }
        Path dir = root.resolve(pkg + "-" + version);
        try {
            if (!force && Files.isRegularFile(dir.resolve(SourceIndex.META))) {
                try {
                    SourceIndex cached = SourceIndex.open(dir);
                    SourceIndex.register(dir, release, kernel.config());
                    return new Outcome(cached, true, release, Map.of("total", IndexBuilder.seconds(t0)));
                } catch (IOException e) {
                    progress.accept("rebuilding: " + e.getMessage());
                }
            }
            Map<String, String> tools = tools(); // before a long download: a missing tool fails now
            progress.accept("building the index of " + pkg + " " + version + " (once per source version)");
            Map<String, Double> timings = new LinkedHashMap<>();
            long t = System.nanoTime();
            Path deb = download(pkg, version, cache.resolve("debs"), progress);
            t = IndexBuilder.lap(timings, "download", t);
            Path work = root.resolve("." + pkg + "-" + version + ".tmp");
            Digests.deleteTree(work);
            try {
                progress.accept("extracting " + deb.getFileName());
                Path tree = extract(deb, work.resolve("src"));
                IndexBuilder.lap(timings, "extract", t);
                Path index = work.resolve("index");
                IndexBuilder.build(tree, arch(release), pkg + " " + version, index, tools, timings, t0, progress);
                SourceIndex.replace(dir, index);
            } finally {
                Digests.deleteTree(work);
            }
            SourceIndex.register(dir, release, kernel.config());
            return new Outcome(SourceIndex.open(dir), false, release, timings);
        } catch (IOException e) {
            throw new HapmeterException("source index of " + pkg + " " + version + ": " + e.getMessage(), e);
        }
    }

    /** The source tree a kernel's code comes from: arch/x86 for amd64 and 686, arch/arm64 for arm64, … */
    static String arch(String release) {
        for (Map.Entry<String, String> e : Map.of("arm64", "arm64", "armmp", "arm", "ppc64", "powerpc",
                "s390x", "s390", "riscv64", "riscv", "loong64", "loongarch", "mips", "mips").entrySet()) {
            if (release.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return "x86";
    }

    /** pmccabe -V and complexity --version; a missing tool is a one-line error naming the packages. */
    static Map<String, String> tools() {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> cmd : List.of(List.of("pmccabe", "-V"), List.of("complexity", "--version"))) {
            try {
                out.put(cmd.get(0), Exec.run(null, cmd).output().lines().findFirst().orElse("").strip());
            } catch (HapmeterException e) {
                throw new HapmeterException(cmd.get(0) + " is not installed (apt-get install pmccabe complexity)", e);
            }
        }
        return out;
    }

    /** The versions apt can download of PKG, newest first; empty if apt does not know it. */
    static List<String> aptVersions(String pkg) {
        List<String> out = new ArrayList<>();
        for (String line : Exec.run(null, List.of("apt-cache", "madison", pkg)).output().split("\n")) {
            String[] f = line.split("\\|");
            if (f.length >= 2 && f[0].strip().equals(pkg)) {
                String v = f[1].strip();
                if (!out.contains(v)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** The linux-source-X.Y packages apt knows. */
    static String available() {
        List<String> names = new ArrayList<>();
        for (String line : Exec.run(null, List.of("apt-cache", "search", "--names-only", "^linux-source-[0-9.]+$"))
                .output().split("\n")) {
            if (line.startsWith("linux-source-")) {
                names.add(line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' ')));
            }
        }
        names.sort(null);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static Path download(String pkg, String version, Path debs, Consumer<String> progress) throws IOException {
        Files.createDirectories(debs);
        // apt-get names the file pkg_version_all.deb, with ':' in an epoch escaped as %3a.
        Path deb = debs.resolve(pkg + "_" + version.replace(":", "%3a") + "_all.deb");
        if (!Files.isRegularFile(deb)) {
            progress.accept("downloading " + pkg + " " + version);
            Exec.check(debs, List.of("apt-get", "download", pkg + "=" + version));
        }
        if (!Files.isRegularFile(deb)) {
            throw new HapmeterException("apt-get download " + pkg + "=" + version + " did not write " + deb);
        }
        return deb;
    }

    /** The .tar.xz inside the .deb, unpacked (C sources, headers and Kbuild files only) into DEST; the tree's root. */
    private static Path extract(Path deb, Path dest) throws IOException {
        Files.createDirectories(dest);
        Exec.check(null, List.of("bash", "-c", "set -euo pipefail; dpkg-deb --fsys-tarfile \"$1\""
                        + " | tar -xO --wildcards './usr/src/linux-source-*.tar.xz' | xz -dc -T0"
                        + " | tar -x -C \"$2\" --wildcards '*.c' '*.h' '*Makefile*' '*Kbuild*'",
                "extract", deb.toString(), dest.toString()));
        try (Stream<Path> s = Files.list(dest)) {
            List<Path> top = s.filter(Files::isDirectory).toList();
            if (top.size() != 1) {
                throw new HapmeterException(deb + " did not unpack to one source tree: " + top);
            }
            return top.get(0);
        }
    }
}
