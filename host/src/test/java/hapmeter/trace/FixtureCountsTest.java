package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every recorded trace's counts, pinned as the parser gave them before it was split into lexers, task tracker and
 * interrupt filter: a change to the parser must not move any of them. Pinned with the rules of that time, which
 * counted the socket backlog's receive work (deferred_roots came later: see DeferredReceiveTest).
 */
class FixtureCountsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Path RUNS = Path.of("src/test/resources/runs/full");
    private final TraceAnalyzer analyzer = new TraceAnalyzer(Fixtures.interruptRules().keepingDeferred());

    /** format, lines, skipped, calls, raw calls, functions, raw functions, pids seen, hash of the function set. */
    private String counts(Path trace, Set<Integer> pids) throws IOException {
        TraceResult r = analyzer.analyze(trace, pids);
        return String.join(" ", r.format(), "lines=" + r.lines(), "skipped=" + r.skippedLines(), "calls=" + r.calls(),
                "raw=" + r.callsRaw(), "functions=" + r.functions().size(), "functionsRaw=" + r.functionsRaw().size(),
                "pids=" + r.pidsSeen(), "hash=" + r.functions().hashCode());
    }

    @Test
    void countsAreUnchanged() throws IOException {
        Map<String, String> actual = new LinkedHashMap<>();
        Path manual = Fixtures.trace();
        actual.put("manual all", counts(manual, null));
        actual.put("manual 99", counts(manual, Set.of(99)));
        actual.put("manual 14", counts(manual, Set.of(14)));
        actual.put("socket all", counts(FIXTURES.resolve("socket-6.1.0-56-tcg.trace.gz"), null));
        actual.put("socket 114", counts(FIXTURES.resolve("socket-6.1.0-56-tcg.trace.gz"), Set.of(114)));
        actual.put("tap all", counts(FIXTURES.resolve("tap-6.1.0-56-tcg.trace.gz"), null));
        actual.put("tap 132-134", counts(FIXTURES.resolve("tap-6.1.0-56-tcg.trace.gz"), Set.of(132, 133, 134)));
        actual.put("run socket", counts(RUNS.resolve("socket/trace.txt.gz"), Set.of(114)));
        actual.put("run tap", counts(RUNS.resolve("tap/trace.txt.gz"), Set.of(132, 133, 134)));
        actual.put("run qemu", counts(RUNS.resolve("qemu/trace.txt.gz"), Set.of(131, 132, 133)));
        actual.put("run kvm", counts(RUNS.resolve("kvm/trace.txt.gz"), Set.of(155, 156, 158)));
        actual.put("run kvm all", counts(RUNS.resolve("kvm/trace.txt.gz"), null));
        StringBuilder sb = new StringBuilder();
        actual.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        assertEquals(EXPECTED, sb.toString());
    }

    private static final String EXPECTED = """
            manual all: function_graph+proc lines=2095 skipped=0 calls=1048 raw=1442 functions=416 functionsRaw=486 pids=[14, 99] hash=967686140
            manual 99: function_graph+proc lines=2095 skipped=0 calls=1044 raw=1438 functions=413 functionsRaw=483 pids=[14, 99] hash=838132511
            manual 14: function_graph+proc lines=2095 skipped=0 calls=4 raw=4 functions=3 functionsRaw=3 pids=[14, 99] hash=129553629
            socket all: function_graph+proc lines=1191 skipped=0 calls=760 raw=815 functions=347 functionsRaw=351 pids=[113, 114] hash=-1969952195
            socket 114: function_graph+proc lines=1191 skipped=0 calls=757 raw=812 functions=344 functionsRaw=348 pids=[113, 114] hash=-2099505824
            tap all: function_graph+proc lines=5431 skipped=0 calls=3208 raw=3803 functions=211 functionsRaw=280 pids=[0, 132, 133, 134] hash=501073317
            tap 132-134: function_graph+proc lines=5431 skipped=0 calls=3198 raw=3793 functions=209 functionsRaw=278 pids=[0, 132, 133, 134] hash=-1760484297
            run socket: function_graph+proc lines=1232 skipped=0 calls=787 raw=835 functions=348 functionsRaw=352 pids=[0, 14, 114] hash=1166136842
            run tap: function_graph+proc lines=4322 skipped=0 calls=2687 raw=2997 functions=209 functionsRaw=255 pids=[0, 14, 111, 132, 133, 134] hash=-1760484297
            run qemu: function_graph+proc lines=8779 skipped=0 calls=5395 raw=6251 functions=216 functionsRaw=285 pids=[15, 28, 102, 107, 108, 111, 131, 133] hash=1879612146
            run kvm: function_graph+proc lines=8429 skipped=0 calls=4903 raw=6083 functions=246 functionsRaw=340 pids=[15, 48, 107, 108, 111, 155, 158, 159] hash=-2110550895
            run kvm all: function_graph+proc lines=8429 skipped=0 calls=4950 raw=6130 functions=248 functionsRaw=342 pids=[15, 48, 107, 108, 111, 155, 158, 159] hash=151006719
            """;
}
