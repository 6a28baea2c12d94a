package hapmeter.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.trace.Fixtures;
import hapmeter.trace.TraceAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassRulesTest {
    private static final ClassRules PAPER = ClassRules.load(Fixtures.rules("paper.json"));
    private static final ClassRules STRICT = ClassRules.load(Fixtures.rules("strict.json"));
    private static SortedSet<String> functions;

    @BeforeAll
    static void analyzeFixture() throws IOException {
        functions = new TraceAnalyzer(Fixtures.interruptRules()).analyze(Fixtures.trace(), Set.of(99)).functions();
    }

    @Test
    void paperRules() {
        assertEquals("paper", PAPER.name());
        assertEquals(List.of("virtualization", "network", "other"), PAPER.classNames());
        assertEquals("network", PAPER.classify("tcp_release_cb"));
        assertEquals("virtualization", PAPER.classify("kvm_arch_vcpu_ioctl_run"));
        assertEquals("virtualization", PAPER.classify("vmx_sock_thing"), "the first class in file order wins");
        assertEquals("other", PAPER.classify("schedule"));
        assertTrue(functions.contains("tcp_release_cb"));
    }

    @Test
    void countsAreConsistent() {
        for (ClassRules rules : List.of(PAPER, STRICT)) {
            Map<String, Integer> byClass = rules.countByClass(functions);
            assertEquals(rules.classNames(), List.copyOf(byClass.keySet()));
            assertEquals(functions.size(), byClass.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(byClass.get("network") > 100, byClass.toString());
            assertEquals(0, byClass.get("virtualization"), "a guest kernel runs no KVM code");
            for (String c : rules.classNames()) {
                assertEquals(functions.stream().filter(f -> rules.classify(f).equals(c)).count(), (long) byClass.get(c));
            }
        }
        assertEquals(Map.of("virtualization", 0, "network", 0, "other", 0), PAPER.countByClass(List.of()));
    }

    @Test
    void countsBySubstring() {
        Map<String, Map<String, Integer>> paper = PAPER.countBySubstring(functions);
        assertEquals(List.of("virtualization", "network"), List.copyOf(paper.keySet()));
        assertEquals(List.of("tcp", "br_", "skb", "inet", "ip", "sock", "napi", "net", "packet", "sk_", "tun"),
                List.copyOf(paper.get("network").keySet()));
        assertEquals(functions.stream().filter(f -> f.contains("tcp")).count(), (long) paper.get("network").get("tcp"));
        Map<String, Integer> strict = STRICT.countBySubstring(functions).get("network");
        assertEquals(functions.stream().filter(f -> f.startsWith("ip_")).count(), (long) strict.get("ip_*"));
    }

    /** What strict.json's description promises, on names from the real trace. */
    @Test
    void strictRules() {
        for (String f : List.of("finish_task_switch", "task_work_run", "pick_next_task_fair", "iput",
                "__local_bh_enable_ip")) {
            assertTrue(functions.contains(f), f);
            assertEquals("network", PAPER.classify(f), f);
            assertEquals("other", STRICT.classify(f), f);
        }
        for (String f : List.of("tcp_release_cb", "security_sk_free", "apparmor_ip_postroute", "ip_output",
                "sk_free", "__dev_queue_xmit", "sch_direct_xmit", "neigh_resolve_output", "lock_sock_nested")) {
            assertTrue(functions.contains(f), f);
            assertEquals("network", STRICT.classify(f), f);
        }
        assertEquals("virtualization", STRICT.classify("x86_emulate_insn"));
        assertEquals("other", STRICT.classify("x86_pmu_enable"));
    }

    @Test
    void validation(@TempDir Path tmp) throws IOException {
        String tcp = "{\"name\": \"network\", \"substrings\": [\"tcp\"]}";
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"classes\": [" + tcp + "]}", "'default': missing");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": ["
                + "{\"name\": \"network\", \"substring\": [\"tcp\"]}]}", "'classes[0].substring': unknown field");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": [" + tcp
                + ", {\"name\": \"virt\", \"substrings\": []}]}", "'classes[1]': class 'virt' is empty");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": [" + tcp
                + ", {\"name\": \"virt\"}]}", "'classes[1]': class 'virt' is empty");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": []}",
                "'classes': must not be empty");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": [" + tcp
                + ", " + tcp + "]}", "'classes[1].name': 'network' is used twice");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"network\", \"classes\": [" + tcp
                + "]}", "'classes[0].name': 'network' is used twice");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": ["
                + "{\"name\": \"network\", \"substrings\": \"tcp\"}]}", "'classes[0].substrings': wrong type");
        assertInvalid(tmp, "{\"description\": \"d\", \"default\": \"other\", \"classes\": [" + tcp + "]}",
                "'name': missing");
        assertInvalid(tmp, "{\"name\": \"n\", \"description\": \"d\", \"default\": \"other\", \"classes\": ["
                + "{\"substrings\": [\"tcp\"]}]}", "'classes[0].name': missing");

        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"name\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassRules.load(broken));
        assertTrue(e.getMessage().startsWith(broken + ": not valid JSON"), e.getMessage());
        Path missing = tmp.resolve("missing.json");
        e = assertThrows(IllegalArgumentException.class, () -> ClassRules.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private static void assertInvalid(Path tmp, String json, String message) throws IOException {
        Path f = Files.writeString(tmp.resolve("rules.json"), json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassRules.load(f));
        assertTrue(e.getMessage().startsWith(f + ": field "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
