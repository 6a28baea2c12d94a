package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Debian kernels in one campaign: 6.1 and 6.12 (whose modules are xz-compressed and whose
 * module set differs), each built into its own image and measured, with the cross-kernel report.
 */
class KernelMatrixTest {
    static final List<String> KERNELS = List.of("6.1.0-56-amd64", "6.12.107+deb12-amd64");

    @TempDir
    Path results;

    @Test
    void socketOnTwoKernels() throws IOException {
        CliHarness.Outcome o = CliHarness.run("run", "--no-source", "--kernels", String.join(",", KERNELS),
                "--scenarios", "socket", "--accel", "tcg", "--results", results.toString(), "--run-id", "m");
        assertEquals(0, o.exit(), o.err());
        Path run = results.resolve("m");
        for (String k : KERNELS) {
            JsonNode s = Json.MAPPER.readTree(run.resolve(k + "/socket/1/summary.json").toFile());
            assertEquals(k, s.get("kernel").asText(), "the test VM ran another kernel");
            assertEquals(1354, s.get("bytes_received").asInt());
            assertTrue(Files.size(run.resolve(k + "/kallsyms.txt.gz")) > 0);
        }
        List<String> cross = Files.readAllLines(run.resolve("tables/cross_kernel.csv"));
        assertEquals(3, cross.size(), cross.toString());
        String diff = cross.get(2).substring(cross.get(2).lastIndexOf(',') + 1);
        assertTrue(Files.size(run.resolve(diff)) > 0, "diff list " + diff + " missing");
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("id=\"cross_kernel\"") && html.contains("id=\"cross_kernel_ratios\""));
    }
}
