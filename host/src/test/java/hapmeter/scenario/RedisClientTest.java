package hapmeter.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redis workload's client against a real redis-server on the host (Debian's, installed by the launcher). */
class RedisClientTest {
    private static final Path WORKLOADS = Path.of("../vm-configs/workloads");
    private static final String SERVER = "/usr/bin/redis-server";

    private static Process server;
    private static Path serverLog;
    private static InetSocketAddress at;

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        assertTrue(Files.isExecutable(Path.of(SERVER)), SERVER + " is missing: apt-get install redis-server (./hapmeter installs it)");
        int port = freePort();
        at = new InetSocketAddress("127.0.0.1", port);
        serverLog = Files.createTempFile("redis-client-test", ".log");
        server = new ProcessBuilder(SERVER, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(at, 500);
                return;
            } catch (IOException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    fail("redis-server on port " + port + " did not start (" + (server.isAlive() ? "no listener" : "exit "
                            + server.exitValue()) + "): " + Files.readString(serverLog));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        if (serverLog != null) {
            Files.deleteIfExists(serverLog);
        }
    }

    private static String redisCli(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("redis-cli", "-h", at.getHostString(), "-p",
                Integer.toString(at.getPort())));
        argv.addAll(List.of(args));
        return Exec.check(null, argv);
    }

    /** The shipped redis workload with COMMANDS instead of its own, written to the temp dir as NAME.json. */
    private Client workload(String name, List<List<String>> commands) throws IOException {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(WORKLOADS.resolve("redis.json").toFile());
        n.put("name", name);
        ArrayNode cs = n.putArray("commands");
        commands.forEach(c -> c.forEach(cs.addArray()::add));
        Path f = dir.resolve(name + ".json");
        Json.MAPPER.writeValue(f.toFile(), n);
        return WorkloadSpec.load(f).client(HttpClient.byName("java"));
    }

    @Test
    void shippedWorkloadSetsAndGetsTheValue() throws IOException {
        redisCli("DEL", "hapmeter:page");
        Client c = WorkloadSpec.load(WORKLOADS.resolve("redis.json")).client(HttpClient.byName("java"));
        Path out = dir.resolve("out");
        assertEquals(1354, c.request(at, out));
        String value = RedisClient.value(1354);
        assertEquals(1354, value.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(value, Files.readString(out), "the file holds exactly the GET's value (not SET's +OK)");
        // Stored in the server, as seen by redis-cli (raw output: the value and a newline).
        assertEquals("1354\n", redisCli("STRLEN", "hapmeter:page"));
        assertEquals(value + "\n", redisCli("GET", "hapmeter:page"));
    }

    @Test
    void errorReplyFailsNamingTheCommand() throws IOException {
        Client c = workload("incr", List.of(List.of("SET", "hapmeter:text", "not a number"), List.of("INCR", "hapmeter:text")));
        Path out = dir.resolve("out");
        String m = assertThrows(HapmeterException.class, () -> c.request(at, out)).getMessage();
        assertTrue(m.contains("INCR hapmeter:text: ERR value is not an integer"), m);
        assertFalse(Files.exists(out), "a failed request writes nothing");

        Client u = workload("unknown", List.of(List.of("NOSUCHCOMMAND", "x")));
        m = assertThrows(HapmeterException.class, () -> u.request(at, out)).getMessage();
        assertTrue(m.contains("NOSUCHCOMMAND x: ERR unknown command"), m);
    }

    @Test
    void missingValueFails() throws IOException {
        Client c = workload("missing", List.of(List.of("DEL", "hapmeter:missing"), List.of("GET", "hapmeter:missing")));
        String m = assertThrows(HapmeterException.class, () -> c.request(at, dir.resolve("out"))).getMessage();
        assertTrue(m.contains("GET hapmeter:missing: no value (nil)"), m);
    }

    @Test
    void loadCountsTheRequestsTheServerServed() throws IOException {
        WorkloadSpec w = WorkloadSpec.load(WORKLOADS.resolve("redis.json"));
        long before = commandsProcessed();
        Load.Result r = w.client(HttpClient.byName("java")).load(at, 1354, Duration.ofSeconds(2), 1);
        long served = commandsProcessed() - before - 1; // less the INFO of the first reading
        assertEquals(0, r.errors());
        // redis-benchmark adds a few commands of its own per run (CONFIG GET, the PING before the load).
        assertTrue(r.requests() > 0 && r.requests() <= served && served - r.requests() <= 0.05 * r.requests() + 50,
                r + " counted, " + served + " served");
        // The time is the benchmark's own (requests over its rates): positive, at most the duration and its overrun.
        assertTrue(r.seconds() > 0 && r.seconds() < 15, r.toString());
    }

    /** The server's total_commands_processed (INFO stats), asked over RESP. */
    private static long commandsProcessed() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(RedisClient.encode(List.of("INFO", "stats")));
            ByteArrayOutputStream info = new ByteArrayOutputStream();
            RedisClient.readReply(new BufferedInputStream(s.getInputStream()), info, "INFO");
            return info.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("total_commands_processed:"))
                    .map(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        }
    }

    @Test
    void loadOnAClosedPortFailsFast() throws IOException {
        Client c = WorkloadSpec.load(WORKLOADS.resolve("redis.json")).client(HttpClient.byName("java"));
        InetSocketAddress closed = new InetSocketAddress("127.0.0.1", freePort());
        long start = System.nanoTime();
        String m = assertThrows(HapmeterException.class, () -> c.load(closed, 1354, Duration.ofSeconds(2), 1)).getMessage();
        assertTrue(m.contains("redis-benchmark"), m);
        assertTrue(m.contains("127.0.0.1:" + closed.getPort()), m);
        // Not redis-benchmark's timeout (120 s): it spins on a refused connection.
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "took too long");
    }
}
