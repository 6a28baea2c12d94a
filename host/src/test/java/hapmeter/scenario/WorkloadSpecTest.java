package hapmeter.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped workloads load and every scenario's exists; a broken one is rejected naming file, field and reason. */
class WorkloadSpecTest {
    private static final Path WORKLOADS = Path.of("../vm-configs/workloads");
    private static final Path SCENARIOS = Path.of("../vm-configs/scenarios");

    @TempDir
    Path dir;

    @Test
    void shippedWorkloadsLoad() {
        TreeMap<String, WorkloadSpec> all = WorkloadSpec.loadAll(WORKLOADS);
        assertEquals(List.of("http", "redis"), List.copyOf(all.keySet()));

        WorkloadSpec http = all.get("http");
        assertEquals("http", http.protocol());
        assertEquals("/", http.path());
        Client hc = http.client(HttpClient.byName("java"));
        assertInstanceOf(HttpRequests.class, hc);
        assertEquals("java", hc.name());

        WorkloadSpec redis = all.get("redis");
        assertEquals("redis", redis.protocol());
        assertEquals(1354, redis.valueBytes());
        assertEquals(List.of(List.of("SET", "hapmeter:page", "${value}"), List.of("GET", "hapmeter:page")), redis.commands());
        assertTrue(redis.benchmark().requests() > 0);
        assertTrue(redis.benchmark().command().containsAll(List.of("redis-benchmark", "${host}", "${port}", "${connections}",
                "${requests}", "--csv")), redis.benchmark().command().toString());
        // -d of the benchmark is the measured value's size.
        List<String> cmd = redis.benchmark().command();
        assertEquals("${value_bytes}", cmd.get(cmd.indexOf("-d") + 1));
        assertEquals("redis", redis.client(HttpClient.byName("java")).name());
    }

    @Test
    void everyShippedScenarioHasItsWorkloadAndEachWorkloadItsBaseline() {
        TreeMap<String, WorkloadSpec> workloads = WorkloadSpec.loadAll(WORKLOADS);
        TreeMap<String, Scenario> scenarios = Scenario.loadAll(SCENARIOS);
        for (Scenario s : scenarios.values()) {
            assertTrue(workloads.containsKey(s.workload()), s.name() + ": workload '" + s.workload() + "' missing");
        }
        // Each workload's baseline is a shipped scenario of that workload.
        for (WorkloadSpec w : workloads.values()) {
            assertEquals(w.name(), scenarios.get(w.baseline()).workload(), w.name() + ": baseline " + w.baseline());
        }
        assertEquals("http", scenarios.get("socket").workload(), "no workload field means http");
        for (String r : List.of("redis", "redis-runc", "redis-runsc")) {
            assertEquals("redis", scenarios.get(r).workload(), r);
            // What the scenario expects is what the workload's GET returns.
            assertEquals(workloads.get("redis").valueBytes(), scenarios.get(r).expectedBytes(), r);
        }
    }

    private String rejection(String from, String name, Consumer<ObjectNode> breakIt) throws IOException {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(WORKLOADS.resolve(from + ".json").toFile());
        n.put("name", name);
        breakIt.accept(n);
        Path f = dir.resolve(name + ".json");
        Json.MAPPER.writeValue(f.toFile(), n);
        return assertThrows(HapmeterException.class, () -> WorkloadSpec.load(f)).getMessage();
    }

    @Test
    void badFieldsAreNamedWithTheReason() throws IOException {
        assertEquals(dir.resolve("a.json") + ": field 'protocol' must be one of [http, redis]",
                rejection("http", "a", n -> n.put("protocol", "gopher")));
        assertTrue(rejection("http", "b", n -> n.remove("path"))
                .endsWith("b.json: field 'path' must start with / for protocol http"));
        assertTrue(rejection("http", "c", n -> n.put("path", "index.html"))
                .endsWith("c.json: field 'path' must start with / for protocol http"));
        assertTrue(rejection("redis", "d", n -> n.remove("commands"))
                .endsWith("d.json: field 'commands' must be a non-empty list of non-empty commands for protocol redis"));
        assertTrue(rejection("redis", "e", n -> n.putArray("commands").addArray())
                .endsWith("e.json: field 'commands' must be a non-empty list of non-empty commands for protocol redis"));
        assertTrue(rejection("redis", "f", n -> n.remove("benchmark"))
                .endsWith("f.json: field 'benchmark' needs command and requests > 0 for protocol redis"));
        assertTrue(rejection("redis", "g", n -> ((ObjectNode) n.get("benchmark")).put("requests", 0))
                .endsWith("g.json: field 'benchmark' needs command and requests > 0 for protocol redis"));
        assertTrue(rejection("redis", "g2", n -> ((ObjectNode) n.get("benchmark")).putArray("command").add("redis-benchmark"))
                .endsWith("g2.json: field 'benchmark' command must pass ${requests} (each test's count of requests)"));
        assertTrue(rejection("redis", "h", n -> n.remove("value_bytes"))
                .endsWith("h.json: field 'value_bytes' must be > 0 when a command uses ${value}"));
        assertTrue(rejection("http", "i", n -> n.put("name", "other"))
                .endsWith("i.json: field 'name' must equal the file name 'i'"));
        assertTrue(rejection("redis", "j", n -> n.put("colour", "blue")).contains("j.json: Unrecognized field \"colour\""));
        assertTrue(rejection("http", "k", n -> n.remove("protocol"))
                .endsWith("k.json: field 'protocol' must be one of [http, redis]"));
        assertTrue(rejection("redis", "l", n -> ((ArrayNode) n.get("commands")).addArray().add("GET").addNull())
                .endsWith("l.json: field 'commands' must be a non-empty list of non-empty commands for protocol redis"));
        assertTrue(rejection("http", "m", n -> n.remove("baseline"))
                .endsWith("m.json: field 'baseline' must name a scenario (the plain-process one)"));
    }

    @Test
    void redisWithoutValueNeedsNoValueBytes() throws IOException {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(WORKLOADS.resolve("redis.json").toFile());
        n.put("name", "ping");
        n.remove("value_bytes");
        n.putArray("commands").addArray().add("PING");
        Path f = dir.resolve("ping.json");
        Json.MAPPER.writeValue(f.toFile(), n);
        WorkloadSpec w = WorkloadSpec.load(f);
        assertEquals(0, w.valueBytes());
        assertEquals(List.of(List.of("PING")), w.commands());
    }
}
