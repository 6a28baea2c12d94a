package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filter's verdict line by line on excerpts of the recorded socket-manual trace (line numbers are the file's). */
class InterruptFilterTest {
    /** Lines 18-27: a softirq run when __local_bh_enable_ip re-enables bottom halves. */
    private static final String SOFTIRQ = """
             0)   httpd-s-99   |   1.522 us    |    _raw_spin_lock_bh();
             0)   httpd-s-99   |               |    _raw_spin_unlock_bh() {
             0)   httpd-s-99   |               |      __local_bh_enable_ip() {
             0)   httpd-s-99   |               |        do_softirq.part.0() {
             0)   httpd-s-99   |   4.837 us    |          __kthread_should_park();
             0)   httpd-s-99   | + 18.278 us   |        } /* do_softirq.part.0 */
             0)   httpd-s-99   | + 22.864 us   |      } /* __local_bh_enable_ip */
             0)   httpd-s-99   | + 24.797 us   |    } /* _raw_spin_unlock_bh */
             0)   httpd-s-99   | + 42.094 us   |  } /* lock_sock_nested */
             0)   httpd-s-99   |   7.522 us    |  finish_wait();
            """;
    /** Lines 477-485: two hardirqs, handlers hidden by funcgraph-irqs=0, their entry and exit paths visible. */
    private static final String HARDIRQ_EXITS = """
             0)   httpd-s-99   |               |                            tcp_update_skb_after_send() {
             0)   httpd-s-99   |   1.032 us    |                              irq_enter_rcu();
             0)   httpd-s-99   |   1.152 us    |                              __kthread_should_park();
             0)   httpd-s-99   |   1.141 us    |                              idle_cpu();
             0)   httpd-s-99   |   1.022 us    |                              irq_enter_rcu();
             0)   httpd-s-99   |   0.832 us    |                              __kthread_should_park();
             0)   httpd-s-99   |   0.801 us    |                              idle_cpu();
             0)   httpd-s-99   | + 88.574 us   |                            } /* tcp_update_skb_after_send */
             0)   httpd-s-99   | + 23.235 us   |                            tcp_rate_skb_sent();
            """;

    @Test
    void excerptsAreRecorded() {
        String trace = String.join("\n", Fixtures.traceLines());
        assertTrue(trace.contains(SOFTIRQ.stripTrailing()));
        assertTrue(trace.contains(HARDIRQ_EXITS.stripTrailing()));
    }

    @Test
    void aSubtreeRootIsDroppedWithEverythingDeeper() {
        assertEquals(List.of("kept _raw_spin_lock_bh", "kept _raw_spin_unlock_bh", "kept __local_bh_enable_ip",
                "dropped do_softirq", "dropped __kthread_should_park", "-", "-", "-", "-", "kept finish_wait"),
                verdicts(SOFTIRQ.lines().toList(), Fixtures.interruptRules()));
    }

    @Test
    void aRootWhoseClosingLineWasLostEndsAtItsCallersExit() {
        List<String> lost = new ArrayList<>(SOFTIRQ.lines().toList());
        lost.remove(5); // "} /* do_softirq.part.0 */"
        assertEquals(List.of("kept _raw_spin_lock_bh", "kept _raw_spin_unlock_bh", "kept __local_bh_enable_ip",
                "dropped do_softirq", "dropped __kthread_should_park", "-", "-", "-", "kept finish_wait"),
                verdicts(lost, Fixtures.interruptRules()));
    }

    @Test
    void irqExitCallsAreDroppedOnlyRightAfterADroppedCall() {
        List<String> lines = HARDIRQ_EXITS.lines().toList();
        assertEquals(List.of("kept tcp_update_skb_after_send", "dropped irq_enter_rcu", "dropped __kthread_should_park",
                "dropped idle_cpu", "dropped irq_enter_rcu", "dropped __kthread_should_park", "dropped idle_cpu", "-",
                "kept tcp_rate_skb_sent"), verdicts(lines, Fixtures.interruptRules()));
        // Not after a dropped call (here: the irq entry is not a root), they are the task's own calls.
        InterruptRules r = Fixtures.interruptRules();
        InterruptRules noIrqEnter = new InterruptRules(r.description(),
                r.subtreeRoots().stream().filter(g -> !g.equals("irq_enter_rcu")).toList(),
                r.irqExitCalls());
        assertEquals("kept __kthread_should_park", verdicts(lines, noIrqEnter).get(2));
        assertEquals("kept idle_cpu", verdicts(lines, noIrqEnter).get(3));
    }

    /** "kept NAME", "dropped NAME" or "-" (an exit) per line, for one task. */
    private static List<String> verdicts(List<String> lines, InterruptRules rules) {
        Names names = new Names();
        TracefsLexer lexer = new TracefsLexer(new GraphBody(names));
        InterruptFilter filter = new InterruptFilter(rules, names);
        InterruptFilter.State task = new InterruptFilter.State();
        GraphEvent ev = new GraphEvent();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            int kind = lexer.lex(b, Bytes.skipSpaces(b, 0, b.length), b.length, ev);
            int v = filter.accept(task, ev.indent, kind, ev.name);
            out.add(v == InterruptFilter.NONE ? "-"
                    : (v == InterruptFilter.KEPT ? "kept " : "dropped ") + names.normalized(ev.name));
        }
        return out;
    }
}
