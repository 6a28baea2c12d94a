package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.image.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fresh boot, three cells that a number must survive before it is published: tap measured first (its
 * start-up traffic must not reach the request window), a server that makes tasks no START saw (a thread after
 * warm-up, a child that lives and dies inside the request window), and the socket server with a ring buffer far
 * too small (the lossy window must fail its cell, not publish).
 */
class TrustedWindowTest {
    @TempDir
    static Path tmp;

    private static CliHarness.Outcome outcome;
    private static Path run;
    private static JsonNode cells;

    @BeforeAll
    static void runCampaign() throws IOException {
        Path configs = tmp.resolve("configs");
        Digests.copyTree(Home.vmConfigs(), configs);
        ObjectNode socket = (ObjectNode) Json.MAPPER.readTree(configs.resolve("scenarios/socket.json").toFile());

        ObjectNode spawn = socket.deepCopy();
        spawn.put("name", "socket-spawn");
        ArrayNode command = spawn.putArray("command");
        // sh execs the server: the START pid is the server's; the thread starts after the 2 warm-ups.
        command.add("/bin/sh").add("-c").add("HAPMETER_SPAWN_AFTER=2 exec /opt/hapmeter/bin/httpd-socket 80");
        Json.MAPPER.writeValue(configs.resolve("scenarios/socket-spawn.json").toFile(), spawn);

        ObjectNode tiny = socket.deepCopy();
        tiny.put("name", "socket-tiny");
        tiny.put("buffer_kb", 8);
        Json.MAPPER.writeValue(configs.resolve("scenarios/socket-tiny.json").toFile(), tiny);

        outcome = CliHarness.run("run", "--no-source", "--configs", configs.toString(), "--scenarios",
                "tap,socket-spawn,socket-tiny", "--accel", "tcg", "--results", tmp.resolve("results").toString(), "--run-id", "r");
        run = tmp.resolve("results/r");
        cells = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells");
    }

    @Test
    void tapFirstAfterBootSeesNoTrafficItDidNotCause() throws IOException {
        assertEquals("done", cells.get("tap").get("state").asText(), cells.toString());
        JsonNode s = MeasuredCell.check(run, "tap", tmp);
        List<String> windows = new ArrayList<>(Files.readAllLines(run.resolve("tap/functions.txt")));
        windows.addAll(Files.readAllLines(run.resolve("tap/idle-functions.txt")));
        windows.addAll(Files.readAllLines(run.resolve("tap/idle-after-functions.txt")));
        // IPv6 receive, neighbour discovery and MLD, and the bridge's multicast path: what lwIP's and the kernel's
        // own router solicitations and reports cost when they fell into the window. ipv6_mod_enabled is not
        // among them: the bridge asks it for every frame, IPv4 ones too.
        List<String> ipv6 = windows.stream().filter(f -> f.startsWith("ip6") || f.startsWith("ipv6_rcv")
                || f.startsWith("ipv6_mc") || f.startsWith("ndisc") || f.startsWith("mld") || f.startsWith("br_multicast")
                || f.startsWith("br_flood") || f.startsWith("fib6")).toList();
        assertTrue(ipv6.isEmpty(), "background IPv6 traffic in tap's windows: " + ipv6);
        assertTrue(s.get("idle").get("wait_s").asDouble() > 0);
        assertEquals(s.get("timings").get("request_s").asDouble(), s.get("idle_after").get("wait_s").asDouble(), 1e-9,
                "the idle window after the request is as long as the request window");
    }

    @Test
    void tasksBornAfterStartAreCounted() throws IOException {
        assertEquals("done", cells.get("socket-spawn").get("state").asText(), cells.toString());
        JsonNode s = MeasuredCell.check(run, "socket-spawn", tmp);
        List<String> functions = Files.readAllLines(run.resolve("socket-spawn/functions.txt"));
        // The child's only syscall besides fork's return and exit; the thread's, in its loop.
        assertTrue(functions.contains("__x64_sys_newuname"), "the child forked in the window was not counted");
        assertTrue(functions.contains("__x64_sys_getrusage"), "the thread started after warm-up was not counted");
        JsonNode fork = null;
        int armed = 0;
        for (JsonNode t : s.get("tasks")) {
            switch (t.get("via").asText()) {
                case "arm" -> armed++;
                case "fork" -> fork = t;
                default -> { }
            }
        }
        assertEquals(2, armed, "the server and the thread it started after warm-up: " + s.get("tasks"));
        assertTrue(fork != null && fork.get("lines").asLong() > 0, "no forked task with lines: " + s.get("tasks"));
        assertFalse(fork.get("parent_pid").isNull(), "the child's parent is known from the fork event");
    }

    @Test
    void aLossyWindowFailsItsCellInOneLine() {
        assertEquals("failed", cells.get("socket-tiny").get("state").asText(), cells.toString());
        String error = cells.get("socket-tiny").get("error").asText();
        assertTrue(error.startsWith("socket-tiny: request window 1 lost "), error);
        assertTrue(error.contains("with a 8 KB ring buffer per CPU: raise it with --buffer-kb or the scenario's buffer_kb"),
                error);
        assertFalse(error.contains("\n"), error);
        assertFalse(Files.exists(run.resolve("socket-tiny")), "a lossy cell was published");
        assertEquals(1, outcome.exit(), outcome.err());
    }
}
