package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The socket scenario recorded in two boots whose TCP receive ran in different contexts (see the fixtures
 * README): with the socket backlog cut as deferred receive work, the two counts agree within 3 % (what still differs
 * is who frees the socket and reaps transmit completions, 27 functions either way); counted as the
 * server's own work, they differ by more than 15 %.
 */
class DeferredReceiveTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Set<Integer> SERVER = Set.of(116);

    private static SortedSet<String> functions(InterruptRules rules, String file) throws IOException {
        return new TraceAnalyzer(rules).analyze(FIXTURES.resolve(file), SERVER).functions();
    }

    @Test
    void theBacklogNoLongerDecidesTheCount() throws IOException {
        InterruptRules rules = Fixtures.interruptRules();
        assertEquals(java.util.List.of("__release_sock"), rules.deferredRoots(), "vm-configs/rules/interrupts.json");
        SortedSet<String> softirq = functions(rules, "socket-softirq-6.1.0-56-tcg.trace.gz");
        SortedSet<String> backlog = functions(rules, "socket-backlog-6.1.0-56-tcg.trace.gz");
        double apart = Math.abs(softirq.size() - backlog.size()) / (double) Math.min(softirq.size(), backlog.size());
        assertTrue(apart <= 0.03, "cut: softirq boot " + softirq.size() + ", backlog boot " + backlog.size());
        assertFalse(backlog.contains("tcp_done"), "the FIN's processing in the backlog is cut");

        InterruptRules literal = rules.keepingDeferred();
        SortedSet<String> softirqLiteral = functions(literal, "socket-softirq-6.1.0-56-tcg.trace.gz");
        SortedSet<String> backlogLiteral = functions(literal, "socket-backlog-6.1.0-56-tcg.trace.gz");
        assertTrue(backlogLiteral.size() > softirqLiteral.size() * 1.15,
                "kept: softirq boot " + softirqLiteral.size() + ", backlog boot " + backlogLiteral.size());
        TreeSet<String> onlyBacklog = new TreeSet<>(backlogLiteral);
        onlyBacklog.removeAll(softirqLiteral);
        assertTrue(onlyBacklog.containsAll(Set.of("tcp_v4_do_rcv", "tcp_done", "inet_csk_destroy_sock")), onlyBacklog.toString());
    }
}
