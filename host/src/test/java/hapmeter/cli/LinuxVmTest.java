package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conventional Linux guests under nested KVM in the test VM, started by guest-run in one boot: Kata-QEMU's
 * stand-ins for two of nabla-measurements' applications, node-express (the largest runtime in a guest's
 * initramfs) and redis (its own endpoint, and an empty argument in its bundle's args). The linux-vm row (the C
 * server) is the same guest with the httpd bundle. Two guests, not four: about one nested guest in 25 loses its
 * START reply (README, "A linux-vm cell can fail").
 */
class LinuxVmTest {
    @TempDir
    static Path results;

    private static LiveRun run;

    @BeforeAll
    static void runGuests() {
        run = LiveRun.of(results, "l", "node-express-linux-vm,redis-linux-vm");
    }

    /** The application serves from the guest's kernel: the test VM sees only QEMU, its exits and its tap. */
    @Test
    void nodeExpressRunsInTheGuest() throws IOException {
        guest("node-express-linux-vm");
    }

    @Test
    void redisRunsInTheGuest() throws IOException {
        guest("redis-linux-vm");
    }

    /** SCENARIO's summary, once its cell holds together and shows a guest that ran and answered over the tap. */
    private static void guest(String scenario) throws IOException {
        JsonNode s = run.measured(scenario);
        assertTrue(s.get("by_class").get("virtualization").asInt() > 0, s.toString());
        // guest-run execs QEMU; tracefs shortens its comm.
        s.get("tasks").forEach(t -> assertTrue(t.get("comm").asText().startsWith("qemu-sy"), "not QEMU: " + t));
        List<String> functions = run.functions(scenario);
        assertTrue(functions.contains("svm_vcpu_run") || functions.contains("vmx_vcpu_run"), "the guest never ran");
        assertTrue(functions.contains("tun_chr_write_iter"), "the guest's reply never went out through the tap");
        assertEquals(List.of(), functions.stream().filter(f -> f.startsWith("tcp_")).toList(),
                "the test VM's TCP served " + scenario);
    }
}
