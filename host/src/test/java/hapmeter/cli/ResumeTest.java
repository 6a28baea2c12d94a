package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Exec;
import hapmeter.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU killed in the middle of a campaign loses only the running cell; --resume then runs just
 * that cell, and the run ends with every cell finished and the earlier ones untouched.
 */
class ResumeTest {
    private static final List<String> SCENARIOS = List.of("socket", "tap", "qemu");

    @TempDir
    Path results;

    @Test
    void killedQemuThenResume() throws IOException, InterruptedException {
        Path run = results.resolve("r");
        Process p = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), "hapmeter.cli.HapmeterCli", "run",
                "--no-source", "--scenarios", String.join(",", SCENARIOS), "--accel", "tcg", "--results", results.toString(),
                "--run-id", "r").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("tap: start")) {
                // socket is finished once tap starts
            }
            assertTrue(line != null, "the run ended before tap started");
            Exec.check(null, List.of("pkill", "-KILL", "-f", "qemu-system-x86_64 .*" + run));
            while (out.readLine() != null) {
                // let the campaign go on in a new VM
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        Map<String, String> states = states(run);
        assertEquals("done", states.get("socket"));
        assertEquals("failed", states.get("tap"));
        assertEquals("done", states.get("qemu"), "the cells after the dead VM's got a new one");
        assertTrue(cellError(run, "tap").contains("the test VM died"), cellError(run, "tap"));
        Map<String, FileTime> before = new LinkedHashMap<>();
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (String s : List.of("socket", "qemu")) {
            before.put(s, Files.getLastModifiedTime(run.resolve(s + "/summary.json")));
            bytes.put(s, Files.readAllBytes(run.resolve(s + "/trace.txt.gz")));
        }

        CliHarness.Outcome o = CliHarness.run("run", "--resume", run.toString());
        assertEquals(0, o.exit(), o.err());
        assertEquals(Map.of("socket", "done", "tap", "done", "qemu", "done"), states(run));
        Set<String> cells = new TreeSet<>();
        try (var dirs = Files.list(run)) {
            dirs.filter(d -> Files.exists(d.resolve("summary.json"))).forEach(d -> cells.add(d.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(SCENARIOS), cells, "not the cells of an uninterrupted run");
        for (String s : List.of("socket", "qemu")) {
            assertEquals(before.get(s), Files.getLastModifiedTime(run.resolve(s + "/summary.json")), s + " rewritten");
            assertTrue(Arrays.equals(bytes.get(s), Files.readAllBytes(run.resolve(s + "/trace.txt.gz"))), s + " trace rewritten");
        }
        assertEquals(1354, Json.MAPPER.readTree(run.resolve("tap/summary.json").toFile()).get("bytes_received").asInt());
    }

    private static Map<String, String> states(Path run) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells")
                .fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().get("state").asText()));
        return m;
    }

    private static String cellError(Path run, String cell) throws IOException {
        JsonNode c = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells").get(cell);
        return c.path("error").asText();
    }
}
