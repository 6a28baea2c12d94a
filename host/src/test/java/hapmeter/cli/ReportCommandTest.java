package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `report RUN --perf PERF_RUN` on the recorded fixtures (src/test/resources/runs, see its README.md). */
class ReportCommandTest {
    private static final Path RUNS = Path.of("src/test/resources/runs");

    @TempDir
    Path tmp;

    private Path copy(String name) throws IOException {
        Path dest = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(RUNS.resolve(name))) {
            for (Path p : s.toList()) {
                Path d = dest.resolve(RUNS.resolve(name).relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dest;
    }

    @Test
    void perfAddsTheThroughputSection() throws IOException {
        Path run = copy("full");
        CliHarness.Outcome o = CliHarness.run("report", run.toString(), "--configs", "../vm-configs", "--perf",
                RUNS.resolve("perf").toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(Files.readString(run.resolve("tables/throughput.csv")).startsWith("scenario,requests/s (median),"));
        assertTrue(Files.isRegularFile(run.resolve("throughput.png")) && Files.isRegularFile(run.resolve("throughput.svg")));
        assertTrue(Files.readString(run.resolve("report.html")).contains("<img id=\"throughput-img\""));
    }

    @Test
    void aDirectoryWithoutPerfJsonIsRefusedInOneLine() throws IOException {
        Path run = copy("full");
        CliHarness.Outcome o = CliHarness.run("report", run.toString(), "--configs", "../vm-configs", "--perf",
                run.toString());
        assertEquals(1, o.exit());
        assertEquals("hapmeter: " + run + " holds no throughput cell (no SCENARIO/perf.json): not a run of ./hapmeter perf?",
                o.err().strip());
        assertFalse(Files.exists(run.resolve("report.html")));
    }
}
