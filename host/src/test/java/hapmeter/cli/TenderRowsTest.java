package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unikernel under our two Solo5-like tenders, in one boot of the real test VM: spt (a confined process) and
 * hvt (a KVM vCPU without QEMU, nested KVM). Each serves the page with nothing but the system calls its seccomp
 * filter leaves it, which the request window's trace must show.
 */
class TenderRowsTest {
    @TempDir
    static Path results;

    private static LiveRun run;

    @BeforeAll
    static void runBoth() {
        run = LiveRun.of(results, "t", "spt,hvt");
    }

    @Test
    void sptIsOneConfinedProcessThatMakesOnlyItsAllowedCalls() throws IOException {
        JsonNode s = run.measured("spt");
        assertEquals("spt", s.get("tasks").get(0).get("comm").asText());
        assertEquals(1, s.get("tasks").size(), "the tender is one thread: " + s.get("tasks"));
        List<String> functions = run.functions("spt");
        assertTrue(functions.contains("__seccomp_filter"), "no seccomp filter ran on its calls");
        assertFalse(functions.stream().anyMatch(f -> f.startsWith("kvm_")), "KVM in a process row");
        assertSubset(Set.of("read", "write", "epoll_pwait", "timerfd_settime"), syscalls(functions));
    }

    @Test
    void hvtRunsTheGuestInKvmWithoutQemu() throws IOException {
        JsonNode s = run.measured("hvt");
        assertEquals("hvt", s.get("tasks").get(0).get("comm").asText());
        assertTrue(s.get("by_class").get("virtualization").asInt() > 0, s.toString());
        List<String> functions = run.functions("hvt");
        assertTrue(functions.contains("svm_vcpu_run") || functions.contains("vmx_vcpu_run"), "the guest never ran");
        assertTrue(functions.contains("__seccomp_filter"), "no seccomp filter ran on its calls");
        assertSubset(Set.of("ioctl", "read", "write", "epoll_pwait", "timerfd_settime"), syscalls(functions));
    }

    /** The system calls among FUNCTIONS, by their x86-64 entry points (__x64_sys_NAME). */
    private static Set<String> syscalls(List<String> functions) {
        Set<String> out = new TreeSet<>();
        functions.stream().filter(f -> f.startsWith("__x64_sys_")).forEach(f -> out.add(f.substring(10)));
        return out;
    }

    private static void assertSubset(Set<String> allowed, Set<String> made) {
        assertFalse(made.isEmpty(), "no system call in the request window");
        assertTrue(allowed.containsAll(made), "calls beyond the filter's: " + made);
    }
}
