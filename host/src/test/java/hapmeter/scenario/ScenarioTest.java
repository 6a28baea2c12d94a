package hapmeter.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped scenario files load; a broken one is rejected naming the file, the field and the reason. */
class ScenarioTest {
    private static final Path SCENARIOS = Path.of("../vm-configs/scenarios");

    @TempDir
    Path dir;

    @Test
    void shippedScenariosLoad() {
        assertTrue(Scenario.loadAll(SCENARIOS).keySet().containsAll(List.of("socket", "tap", "qemu", "kvm", "linux-vm", "runc", "runsc-ptrace")));
        assertTrue(Scenario.allModules(SCENARIOS).containsAll(List.of("bridge", "tun", "kvm_amd", "kvm_intel")));
    }

    private String rejection(String name, Consumer<ObjectNode> breakIt) throws IOException {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(SCENARIOS.resolve("tap.json").toFile());
        n.put("name", name);
        breakIt.accept(n);
        Path f = dir.resolve(name + ".json");
        Json.MAPPER.writeValue(f.toFile(), n);
        return assertThrows(HapmeterException.class, () -> Scenario.load(f)).getMessage();
    }

    @Test
    void badFieldsAreNamedWithTheReason() throws IOException {
        assertEquals(dir.resolve("a.json") + ": field 'network' needs attachment (one of [docker-bridge, none, tap]) and endpoint",
                rejection("a", n -> n.putObject("network").put("attachment", "wifi").put("endpoint", "vm")));
        assertTrue(rejection("b", n -> n.put("port", 70000)).endsWith("b.json: field 'port' must be a TCP port"));
        assertTrue(rejection("c", n -> ((ObjectNode) n.get("readiness")).remove("marker"))
                .contains("c.json: field 'readiness' needs kind"));
        assertTrue(rejection("d", n -> n.putArray("command")).endsWith("d.json: field 'command' must be a non-empty list"));
        assertTrue(rejection("e", n -> n.put("name", "other")).endsWith("e.json: field 'name' must equal the file name 'e'"));
        assertTrue(rejection("f", n -> n.put("colour", "blue")).contains("f.json: Unrecognized field \"colour\""));
        assertTrue(rejection("g", n -> n.putArray("files").add("relative/path")).endsWith("g.json: field 'files' must be absolute paths"));
        assertTrue(rejection("h", n -> n.put("traced", "runtime-state"))
                .endsWith("h.json: field 'state_command' is required with traced 'runtime-state' and only there"));
        assertTrue(rejection("i", n -> n.putObject("requires_accel").put("accel", "xen").put("reason", "why"))
                .endsWith("i.json: field 'requires_accel' needs accel (kvm or tcg) and reason"));
        assertTrue(rejection("j", n -> n.putObject("requires_accel").put("accel", "kvm"))
                .endsWith("j.json: field 'requires_accel' needs accel (kvm or tcg) and reason"));
        // Left out entirely, not only wrong: the same one line, never a NullPointerException.
        assertTrue(rejection("k", n -> n.remove("traced")).endsWith("k.json: field 'traced' must be one of "
                + "[process-tree, runtime-state]"));
        assertTrue(rejection("l", n -> ((ObjectNode) n.get("network")).remove("attachment"))
                .endsWith("l.json: field 'network' needs attachment (one of [docker-bridge, none, tap]) and endpoint"));
        assertTrue(rejection("m", n -> ((ObjectNode) n.get("readiness")).remove("kind"))
                .contains("m.json: field 'readiness' needs kind"));
        assertTrue(rejection("n", n -> n.put("buffer_kb", 2)).endsWith("n.json: field 'buffer_kb' must be at least 4 "
                + "(KB per CPU: one page)"));
    }

    @Test
    void aBrokenFileBlocksOnlyTheRunsThatSelectIt() throws IOException {
        Path socket = SCENARIOS.resolve("socket.json");
        Files.copy(socket, dir.resolve("socket.json"));
        Files.writeString(dir.resolve("broken.json"), "{\"name\": \"broken\"}");
        assertEquals("socket", Scenario.select(dir, List.of("socket")).get(0).name());
        assertTrue(Scenario.allModules(dir).isEmpty(), "the image still gets every loadable scenario's modules");
        String e = assertThrows(HapmeterException.class, () -> Scenario.select(dir, List.of("socket", "broken"))).getMessage();
        assertTrue(e.startsWith(dir.resolve("broken.json") + ": field '"), e);
        assertFalse(e.contains("\n"), e);
    }

    /** A variant takes its base's fields; each field it gives replaces the base's whole, nested objects too. */
    @Test
    void aVariantSaysOnlyWhatDiffersFromItsBase() throws IOException {
        Files.copy(SCENARIOS.resolve("tap.json"), dir.resolve("tap.json"));
        Files.writeString(dir.resolve("tap-slow.json"), "{\"name\": \"tap-slow\", \"like\": \"tap\", \"port\": 8080, "
                + "\"readiness\": {\"kind\": \"output\", \"marker\": \"up\", \"timeout_s\": 90}}");
        Files.writeString(dir.resolve("tap-slower.json"), "{\"name\": \"tap-slower\", \"like\": \"tap-slow\", \"port\": 8081}");
        Scenario tap = Scenario.load(dir.resolve("tap.json"));
        Scenario slower = Scenario.load(dir.resolve("tap-slower.json"));
        assertEquals("tap-slower", slower.name());
        assertEquals(8081, slower.port());
        assertEquals(new Scenario.Readiness("output", "up", 90, 0, 0), slower.readiness());
        assertEquals(tap.command(), slower.command());
        assertEquals(tap.network(), slower.network());
        assertEquals(tap.description(), slower.description());
    }

    @Test
    void aVariantOfNothingOrOfItselfIsRefusedInOneLine() throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"name\": \"a\", \"like\": \"gone\"}");
        assertEquals(dir.resolve("a.json") + ": field 'like' names 'gone', but there is no " + dir.resolve("gone.json"),
                assertThrows(HapmeterException.class, () -> Scenario.load(dir.resolve("a.json"))).getMessage());
        Files.writeString(dir.resolve("b.json"), "{\"name\": \"b\", \"like\": \"c\"}");
        Files.writeString(dir.resolve("c.json"), "{\"name\": \"c\", \"like\": \"b\"}");
        assertEquals(dir.resolve("c.json") + ": field 'like' goes round in a circle through b.json",
                assertThrows(HapmeterException.class, () -> Scenario.load(dir.resolve("b.json"))).getMessage());
    }

    @Test
    void optionalListsMayBeLeftOut() throws IOException {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(SCENARIOS.resolve("socket.json").toFile());
        n.remove(List.of("files", "modules", "cpu_modules", "requires", "trace_must_contain"));
        Path f = dir.resolve("socket.json");
        Json.MAPPER.writeValue(f.toFile(), n);
        Scenario s = Scenario.load(f);
        assertTrue(s.modules().isEmpty() && s.cpuModules().isEmpty() && s.files().isEmpty());
    }
}
