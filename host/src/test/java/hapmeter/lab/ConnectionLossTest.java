package hapmeter.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Exec;
import hapmeter.Json;
import hapmeter.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab host's SSH server dies in the middle of the second cell: the remote QEMU goes with the
 * session, the first cell's results stay as they were, and the failure names the lost connection.
 */
class ConnectionLossTest {
    @TempDir
    Path dir;

    @Test
    void droppedConnectionKillsRemoteQemuAndKeepsFinishedCells() throws Exception {
        TestLabHost lab = TestLabHost.start(dir);
        Path knownHosts = lab.knownHosts(dir.resolve("known_hosts"), lab.hostKey.getPublic());
        Path results = dir.resolve("results");
        Path firstDone = results.resolve("loss/socket/summary.json");
        Thread killer = new Thread(() -> {
            try {
                for (int i = 0; i < 3000 && !Files.exists(firstDone); i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(1500); // into the tap cell
                lab.kill();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lab-killer");
        killer.start();
        CliHarness.Outcome o = CliHarness.run(lab.runArgs(knownHosts, results, "loss", "socket,tap"));
        killer.join();

        assertEquals(1, o.exit(), o.err());
        JsonNode cells = Json.MAPPER.readTree(results.resolve("loss/campaign.json").toFile()).get("cells");
        assertEquals("done", cells.get("socket").get("state").asText());
        assertEquals("failed", cells.get("tap").get("state").asText());
        String error = cells.get("tap").get("error").asText();
        assertTrue(error.contains("the SSH connection to lab host ssh://") && error.contains("was lost"), error);
        assertTrue(o.err().contains("was lost"), o.err());
        assertEquals(1354, RemoteRunTest.summary(results.resolve("loss")).get("bytes_received").asLong());
        assertTrue(Files.isRegularFile(results.resolve("loss/socket/trace.txt.gz")));

        // No QEMU of this lab host (its command line names the lab's home) survives the session.
        String pattern = "qemu-system.*" + lab.home;
        for (int i = 0; i < 100 && Exec.run(null, List.of("pgrep", "-f", pattern)).exit() == 0; i++) {
            Thread.sleep(100);
        }
        Exec.Result left = Exec.run(null, List.of("pgrep", "-af", pattern));
        assertEquals(1, left.exit(), "QEMU survived the lost connection: " + left.output());
    }
}
