package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.image.Digests;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** What every measured cell of a live run must show, whatever its scenario. */
final class MeasuredCell {
    private MeasuredCell() {
    }

    /** Checks RUN/SCENARIO's summary, functions and kept trace (unpacked into SCRATCH); returns the summary. */
    static JsonNode check(Path run, String scenario, Path scratch) throws IOException {
        Path cell = run.resolve(scenario);
        JsonNode s = Json.MAPPER.readTree(cell.resolve("summary.json").toFile());
        assertEquals(1354, s.get("bytes_received").asLong());
        assertEquals(0, s.get("overrun").asLong());
        assertEquals(0, s.get("commit_overrun").asLong());
        assertEquals(0, s.get("dropped_events").asLong());
        int total = s.get("functions_total").asInt();
        assertTrue(total >= 100 && total <= 3000, "implausible functions_total " + total);
        assertEquals(0, s.get("lost_markers").asLong());
        assertEquals(0, s.get("malformed_lines").asLong());
        JsonNode byClass = s.get("by_class");
        assertTrue(byClass.get("network").asInt() > 0, "no network-class function");
        assertEquals(total, byClass.get("virtualization").asInt() + byClass.get("network").asInt()
                + byClass.get("other").asInt());
        assertTrue(Set.of("gnu-wget", "java", "redis").contains(s.get("client").asText()));
        assertTrue(s.get("kernel").asText().startsWith("6.1.0-56"), s.get("kernel").asText());
        assertTrue(s.get("timings").get("boot_s").asDouble() > 0);

        // The probe never appears in the trace; the workload does (a container runtime may sit idle beside it).
        Set<Long> inTrace = new HashSet<>();
        s.get("pids_in_trace").forEach(p -> inTrace.add(p.asLong()));
        assertFalse(inTrace.contains(s.get("probe_pid").asLong()), "the probe was traced");
        Set<Long> traced = new HashSet<>();
        s.get("traced_pids").forEach(p -> traced.add(p.asLong()));
        assertTrue(traced.stream().anyMatch(inTrace::contains), "the workload left no trace");
        Set<Long> tasks = new HashSet<>();
        s.get("tasks").forEach(t -> tasks.add(t.get("pid").asLong()));
        assertTrue(traced.containsAll(tasks), "a counted task that was not traced: " + tasks + " vs " + traced);

        assertEquals(total, Files.readAllLines(cell.resolve("functions.txt")).size());
        // The kept raw trace is the one that was verified and analysed.
        Path plain = scratch.resolve(scenario + ".trace.txt");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(cell.resolve("trace.txt.gz")))) {
            Files.copy(in, plain);
        }
        assertEquals(s.get("trace_sha256").asText(), Digests.sha256(plain));
        // functions.txt is what the kept trace gives for the counted tasks (one request window).
        Set<Integer> pids = new HashSet<>();
        traced.forEach(p -> pids.add(p.intValue()));
        TraceResult again = new TraceAnalyzer(InterruptRules.load(Home.vmConfigs().resolve("rules/interrupts.json")))
                .analyze(plain, pids);
        assertEquals(Files.readAllLines(cell.resolve("functions.txt")), List.copyOf(again.functions()));
        assertTrue(Files.size(cell.resolve("console.log")) > 0);
        return s;
    }
}
