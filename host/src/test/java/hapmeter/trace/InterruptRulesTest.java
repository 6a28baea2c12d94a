package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptRulesTest {
    @Test
    void projectRules() {
        InterruptRules r = Fixtures.interruptRules();
        for (String f : new String[] {"handle_softirqs", "do_softirq", "__do_softirq", "irq_enter_rcu",
                "sysvec_apic_timer_interrupt", "asm_sysvec_apic_timer_interrupt", "__sysvec_call_function_single",
                "common_interrupt", "smp_apic_timer_interrupt"}) {
            assertTrue(r.isSubtreeRoot(f), f);
        }
        for (String f : new String[] {"sysvec", "tcp_v4_rcv", "asm_exc_page_fault", "irqentry_exit", "idle_cpu"}) {
            assertFalse(r.isSubtreeRoot(f), f);
        }
        assertTrue(r.isIrqExitCall("__kthread_should_park"));
        assertTrue(r.isIrqExitCall("idle_cpu"));
        assertFalse(r.isIrqExitCall("handle_softirqs"));
    }

    @Test
    void validation(@TempDir Path tmp) throws IOException {
        assertInvalid(tmp, "{\"description\": \"x\", \"irq_exit_calls\": []}", "'subtree_roots': missing");
        assertInvalid(tmp, "{\"description\": \"x\", \"subtree_roots\": [], \"irq_exit_calls\": []}",
                "'subtree_roots': must not be empty");
        assertInvalid(tmp, "{\"description\": \"x\", \"subtree_roots\": [\"a\"], \"irq_exit_calls\": [], \"roots\": []}",
                "'roots': unknown field");
        assertInvalid(tmp, "{\"description\": \"x\", \"subtree_roots\": [\"a\", \" \"], \"irq_exit_calls\": []}",
                "'subtree_roots[1]': must not be blank");
        assertInvalid(tmp, "{\"subtree_roots\": [\"a\"], \"irq_exit_calls\": []}", "'description': missing");
        assertInvalid(tmp, "{\"description\": \"x\", \"subtree_roots\": \"a\", \"irq_exit_calls\": []}",
                "'subtree_roots': wrong type");
    }

    private static void assertInvalid(Path tmp, String json, String message) throws IOException {
        Path f = Files.writeString(tmp.resolve("interrupts.json"), json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InterruptRules.load(f));
        assertTrue(e.getMessage().startsWith(f + ": field "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
