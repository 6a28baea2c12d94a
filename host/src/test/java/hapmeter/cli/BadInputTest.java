package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.Home;
import hapmeter.image.Digests;
import hapmeter.Exec;
import hapmeter.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input: a clear one-line error, a non-zero exit, and no result that looks complete. */
class BadInputTest {
    @TempDir
    Path results;

    private CliHarness.Outcome run(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--no-source", "--results", results.toString(),
                "--run-id", "bad", "--accel", "tcg"));
        args.addAll(List.of(extra));
        CliHarness.Outcome o = CliHarness.run(args.toArray(String[]::new));
        assertNotEquals(0, o.exit(), o.err());
        return o;
    }

    /** Nothing in the run directory looks like a finished scenario. */
    private void assertNoCells() throws IOException {
        Path run = results.resolve("bad");
        if (!Files.exists(run)) {
            return;
        }
        try (Stream<Path> s = Files.walk(run)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("summary.json")
                    || p.getFileName().toString().endsWith(".partial")));
        }
        Path campaign = run.resolve("campaign.json");
        if (Files.exists(campaign)) {
            JsonNode cells = Json.MAPPER.readTree(campaign.toFile()).get("cells");
            cells.forEach(c -> assertNotEquals("done", c.get("state").asText()));
        }
    }

    @Test
    void unknownScenario() throws IOException {
        CliHarness.Outcome o = run("--scenarios", "socket,nosuch");
        assertTrue(o.errorLine().startsWith("hapmeter: unknown scenario 'nosuch'; known: "), o.errorLine());
        assertTrue(o.errorLine().contains("socket"), o.errorLine());
        assertFalse(Files.exists(results.resolve("bad")));
    }

    @Test
    void aScenarioNamedTwice() {
        CliHarness.Outcome o = run("--scenarios", "socket,tap,socket");
        assertEquals("hapmeter: scenario 'socket' is named twice; use --repeat to measure it again", o.errorLine());
        assertFalse(Files.exists(results.resolve("bad")));
    }

    @Test
    void scenarioWithAnUnknownWorkload() throws IOException {
        Path configs = results.resolve("configs");
        Digests.copyTree(Home.vmConfigs(), configs);
        ObjectNode socket = (ObjectNode) Json.MAPPER.readTree(configs.resolve("scenarios/socket.json").toFile());
        socket.put("workload", "gopher");
        Json.MAPPER.writeValue(configs.resolve("scenarios/socket.json").toFile(), socket);
        CliHarness.Outcome o = run("--configs", configs.toString(), "--scenarios", "socket");
        assertEquals("hapmeter: scenario socket: workload 'gopher' is not in " + configs.resolve("workloads")
                + " (has [http, redis])", o.errorLine());
        assertFalse(Files.exists(results.resolve("bad")));
    }

    @Test
    void unknownKernelVersionListsWhatAptOffers() throws IOException {
        CliHarness.Outcome o = run("--kernel", "9.9.9-1-amd64");
        assertTrue(o.errorLine().startsWith("hapmeter: unknown kernel version 9.9.9-1-amd64"), o.errorLine());
        assertTrue(o.errorLine().contains("6.1.0-"), "should list offered versions: " + o.errorLine());
        assertNoCells();
    }

    @Test
    void kernelWithoutFunctionGraphTracer() throws IOException {
        // A minimal linux-image package whose config lacks the option, built with dpkg-deb.
        Path pkg = results.resolve("pkg");
        Files.createDirectories(pkg.resolve("DEBIAN"));
        Files.createDirectories(pkg.resolve("boot"));
        Files.createDirectories(pkg.resolve("lib/modules/6.1.0-99-amd64"));
        Files.writeString(pkg.resolve("DEBIAN/control"), "Package: linux-image-6.1.0-99-amd64\nVersion: 1\n"
                + "Architecture: amd64\nMaintainer: test <t@example.org>\nDescription: no function_graph\n");
        Files.writeString(pkg.resolve("boot/vmlinuz-6.1.0-99-amd64"), "not a kernel");
        Files.writeString(pkg.resolve("boot/config-6.1.0-99-amd64"),
                "CONFIG_FTRACE=y\nCONFIG_FUNCTION_TRACER=y\n# CONFIG_FUNCTION_GRAPH_TRACER is not set\n");
        Path deb = results.resolve("linux-image-6.1.0-99-amd64_1_amd64.deb");
        Exec.check(null, List.of("dpkg-deb", "--build", "--root-owner-group", pkg.toString(), deb.toString()));
        CliHarness.Outcome o = run("--kernel", deb.toString());
        assertEquals("hapmeter: kernel 6.1.0-99-amd64 lacks CONFIG_FUNCTION_GRAPH_TRACER=y: hapmeter needs the "
                + "function_graph tracer", o.errorLine());
        assertNoCells();
    }

    @Test
    void qemuMissing() throws IOException {
        CliHarness.Outcome o = run("--qemu", "/nonexistent/qemu-system-x86_64");
        assertTrue(o.errorLine().startsWith("hapmeter: QEMU not found: /nonexistent/qemu-system-x86_64"), o.errorLine());
        assertFalse(Files.exists(results.resolve("bad")));
    }

    @Test
    void busyHostPort() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CliHarness.Outcome o = run("--port", Integer.toString(busy.getLocalPort()));
            assertTrue(o.errorLine().startsWith("hapmeter: host port " + busy.getLocalPort() + " is busy"), o.errorLine());
        }
        assertFalse(Files.exists(results.resolve("bad")));
    }

    @Test
    void vmThatNeverReachesTheProbeTimesOutWithTheConsoleTail() throws IOException {
        // Two seconds is far too short for the probe under TCG, while the kernel has started printing.
        CliHarness.Outcome o = run("--boot-timeout", "2");
        assertEquals("hapmeter: timed out after 2 s waiting for the probe's HELLO on the control port", o.errorLine());
        assertTrue(o.err().contains("QEMU command: "), o.err());
        assertTrue(o.err().contains("console (last lines):"), o.err());
        assertNoCells();
        assertEquals(1, Exec.run(null, List.of("pgrep", "-f", results.toString())).exit(),
                "a QEMU of this test is still running");
    }
}
