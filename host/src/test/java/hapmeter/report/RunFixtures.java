package hapmeter.report;

import hapmeter.source.SourceFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The recorded run directories of src/test/resources/runs (see its README.md), copied where a report may be written. */
final class RunFixtures {
    static final Path RUNS = Path.of("src/test/resources/runs");
    static final Path CONFIGS = Path.of("../vm-configs");
    /** The committed source index of real linux-source-6.1 files, registered for the runs' kernel. */
    static final Path INDEXES = SourceFixtures.INDEXES;
    static final List<String> FULL_ORDER = List.of("socket", "tap", "qemu", "kvm");

    private RunFixtures() {
    }

    /** A copy of runs/NAME under DIR. */
    static Path copy(String name, Path dir) {
        Path src = RUNS.resolve(name);
        Path dest = dir.resolve(name);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path d = dest.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dest;
    }

    static List<String> functions(String cell) {
        try {
            return Files.readAllLines(RUNS.resolve("full").resolve(cell).resolve("functions.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
