package hapmeter.image;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The probe's Java runtime: java.base jlink'ed from the host JDK, plus the host libraries it links. */
public final class JavaRuntime {
    private final Path dir;
    private final List<Path> libraries;

    private JavaRuntime(Path dir, List<Path> libraries) {
        this.dir = dir;
        this.libraries = libraries;
    }

    /** Cached per JDK: jlink takes seconds, and its output is the same for the same JDK. */
    public static JavaRuntime forHostJdk(Path cache) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        String id = System.getProperty("java.vm.version") + "-"
                + Digests.sha256(javaHome.toString().getBytes()).substring(0, 8);
        Path dir = cache.resolve("jre").resolve(id);
        try {
            if (!Files.isRegularFile(dir.resolve("bin/java"))) {
                Path tmp = dir.resolveSibling(id + ".tmp");
                Digests.deleteTree(tmp);
                Files.createDirectories(tmp.getParent());
                Path jlink = javaHome.resolve("bin/jlink");
                if (!Files.isExecutable(jlink)) {
                    throw new HapmeterException("no jlink in " + javaHome + ": install a JDK (openjdk-17-jdk-headless)");
                }
                // CDS archive: class loading dominates the probe's start under TCG.
                Exec.check(null, List.of(jlink.toString(), "--add-modules", "java.base", "--strip-debug",
                        "--no-man-pages", "--no-header-files", "--generate-cds-archive", "--output", tmp.toString()));
                // The probe's small heap always uses compressed oops.
                Files.deleteIfExists(tmp.resolve("lib/server/classes_nocoops.jsa"));
                Digests.deleteTree(dir);
                Files.move(tmp, dir);
            }
            return new JavaRuntime(dir, sharedLibraries(dir));
        } catch (IOException e) {
            throw new HapmeterException("cannot build the probe's Java runtime in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> sharedLibraries(Path runtime) throws IOException {
        try (Stream<Path> s = Files.walk(runtime)) {
            return SharedLibraries.of(s.filter(p -> p.toString().endsWith(".so") || p.endsWith(Path.of("bin", "java")))
                    .toList(), runtime);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Absolute paths as the dynamic loader looks for them; place each at the same path. */
    public List<Path> libraries() {
        return libraries;
    }

    public String id() {
        return dir.getFileName().toString();
    }
}
