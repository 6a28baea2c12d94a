package hapmeter.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import hapmeter.cli.CliHarness;
import hapmeter.image.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket scenario through a lab host run by a stock Debian OpenSSH server (sshd on 127.0.0.1
 * running QEMU on this machine, SFTP version 3) gives what a local run gives; a second run finds
 * the image already there.
 */
class RemoteRunTest {
    @TempDir
    static Path dir;
    static OpenSshHost lab;

    @BeforeAll
    static void startLab() throws Exception {
        lab = OpenSshHost.start(dir);
    }

    @AfterAll
    static void stopLab() throws Exception {
        lab.close();
    }

    static String[] remoteRun(Path results, String runId) {
        return new String[] {"run", "--no-source", "--host", lab.uri(), "--identity", lab.identity.toString(), "--known-hosts",
            lab.knownHosts.toString(), "--scenarios", "socket", "--accel", "tcg", "--results", results.toString(),
            "--run-id", runId};
    }

    @Test
    void socketThroughLabHostMatchesLocalRun() throws IOException {
        Path results = dir.resolve("results");
        CliHarness.Outcome remote = CliHarness.run(remoteRun(results, "remote"));
        assertEquals(0, remote.exit(), remote.err());
        assertTrue(remote.err().contains("lab: uploaded initramfs.cpio"), remote.err());
        CliHarness.Outcome local = CliHarness.run("run", "--no-source", "--scenarios", "socket", "--accel", "tcg", "--results",
                results.toString(), "--run-id", "local");
        assertEquals(0, local.exit(), local.err());

        JsonNode r = summary(results.resolve("remote"));
        JsonNode l = summary(results.resolve("local"));
        assertEquals(fields(l), fields(r));
        for (String same : List.of("scenario", "kernel", "accel", "bytes_received", "overrun", "commit_overrun",
                "dropped_events", "client", "image_digest")) {
            assertEquals(l.get(same), r.get(same), same);
        }
        assertEquals(1354, r.get("bytes_received").asLong());
        // The same measurement: the lab host's boot is just another boot, and socket's count held within 336 to
        // 361 (network 136 to 157) over the boots measured so far; a run-away (the probe traced, a lost window)
        // would be off by far more.
        int remoteTotal = r.get("functions_total").asInt();
        int localTotal = l.get("functions_total").asInt();
        assertTrue(Math.abs(remoteTotal - localTotal) <= 0.08 * localTotal, "remote " + remoteTotal + ", local " + localTotal);
        assertTrue(Math.abs(r.get("by_class").get("network").asInt() - l.get("by_class").get("network").asInt())
                <= 0.15 * l.get("by_class").get("network").asInt(), "network: remote " + r.get("by_class") + ", local "
                + l.get("by_class"));
        // The trace kept is the one the probe's sha256 vouched for, pulled through SSH.
        Path plain = dir.resolve("remote-trace.txt");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(results.resolve("remote/socket/trace.txt.gz")))) {
            Files.copy(in, plain);
        }
        assertEquals(r.get("trace_sha256").asText(), Digests.sha256(plain));
        assertTrue(Files.readString(results.resolve("remote/socket/console.log")).contains("hapmeter-init"),
                "the lab host's console log was not brought back");
        JsonNode campaign = Json.MAPPER.readTree(results.resolve("remote/campaign.json").toFile());
        assertTrue(campaign.get("lab").get("where").asText().startsWith("lab host ssh://"), campaign.toString());
        assertTrue(campaign.get("qemu").asText().startsWith("QEMU emulator"), campaign.toString());

        // Content-addressed: the second run uploads nothing.
        CliHarness.Outcome again = CliHarness.run(remoteRun(results, "again"));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("initramfs.cpio already on the lab host"), again.err());
        assertFalse(again.err().contains("lab: uploaded"), again.err());
    }

    static JsonNode summary(Path run) throws IOException {
        return Json.MAPPER.readTree(run.resolve("socket/summary.json").toFile());
    }

    static Set<String> fields(JsonNode n) {
        Set<String> f = new TreeSet<>();
        n.fieldNames().forEachRemaining(f::add);
        return f;
    }
}
