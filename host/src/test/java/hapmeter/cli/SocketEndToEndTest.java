package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import hapmeter.image.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the real test VM (accel auto: KVM if it really boots here, else TCG) and measures socket. */
class SocketEndToEndTest {
    @TempDir
    Path results;

    @Test
    void measuresOneWgetOfTheSocketServer() throws IOException {
        CliHarness.Outcome o = CliHarness.run("run", "--scenarios", "socket", "--accel", "auto",
                "--results", results.toString(), "--run-id", "e2e");
        assertEquals(0, o.exit(), o.err());
        Path run = results.resolve("e2e");
        Path cell = run.resolve("socket");
        JsonNode s = Json.MAPPER.readTree(cell.resolve("summary.json").toFile());

        assertEquals(1354, s.get("bytes_received").asLong());
        assertEquals(0, s.get("overrun").asLong());
        assertEquals(0, s.get("commit_overrun").asLong());
        assertEquals(0, s.get("dropped_events").asLong());
        int total = s.get("functions_total").asInt();
        assertTrue(total >= 100 && total <= 3000, "implausible functions_total " + total);
        assertTrue(s.get("functions_raw").asInt() >= total, "the irq filter can only remove functions");
        JsonNode byClass = s.get("by_class");
        assertTrue(byClass.get("network").asInt() > 0, "no network-class function");
        assertEquals(total, byClass.get("virtualization").asInt() + byClass.get("network").asInt()
                + byClass.get("other").asInt());
        assertTrue(Set.of("kvm", "tcg").contains(s.get("accel").asText()));
        assertTrue(Set.of("gnu-wget", "java").contains(s.get("client").asText()));
        assertTrue(s.get("kernel").asText().startsWith("6.1.0-56"), s.get("kernel").asText());
        assertTrue(s.get("timings").get("boot_s").asDouble() > 0);

        // The probe never appears in the trace; the traced server does.
        Set<Long> inTrace = new HashSet<>();
        s.get("pids_in_trace").forEach(p -> inTrace.add(p.asLong()));
        assertFalse(inTrace.contains(s.get("probe_pid").asLong()), "the probe was traced");
        s.get("traced_pids").forEach(p -> assertTrue(inTrace.contains(p.asLong()), "traced pid " + p + " did nothing"));

        // The traced server really carried the request: it sent the page through TCP.
        List<String> functions = Files.readAllLines(cell.resolve("functions.txt"));
        assertEquals(total, functions.size());
        assertTrue(functions.contains("tcp_sendmsg"), "tcp_sendmsg missing: the server's reply was not traced");

        // The kept raw trace is the one that was verified and analysed.
        Path plain = results.resolve("trace.txt");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(cell.resolve("trace.txt.gz")))) {
            Files.copy(in, plain);
        }
        assertEquals(s.get("trace_sha256").asText(), Digests.sha256(plain));
        assertTrue(Files.size(cell.resolve("console.log")) > 0);

        JsonNode campaign = Json.MAPPER.readTree(run.resolve("campaign.json").toFile());
        assertEquals("done", campaign.get("cells").get("socket").get("state").asText());
        assertEquals(s.get("accel").asText(), campaign.get("accel").asText());
        try (Stream<Path> left = Files.list(run)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
        }
        assertTrue(o.out().contains("socket"), o.out());
    }
}
