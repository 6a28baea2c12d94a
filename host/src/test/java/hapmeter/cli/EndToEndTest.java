package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One boot of the real test VM (accel auto: KVM if it really boots here, else TCG) measures the
 * four scenarios of the paper through the CLI's default run (the kernel's source index included); each test
 * checks one scenario.
 */
class EndToEndTest {
    @TempDir
    static Path results;

    private static CliHarness.Outcome outcome;
    private static Path run;

    @BeforeAll
    static void runCampaign() {
        outcome = CliHarness.run("run", "--accel", "auto", "--results", results.toString(), "--run-id", "e2e");
        run = results.resolve("e2e");
    }

    @Test
    void campaignSucceededAndRecordedItsCells() throws IOException {
        assertEquals(0, outcome.exit(), outcome.err());
        JsonNode campaign = Json.MAPPER.readTree(run.resolve("campaign.json").toFile());
        for (String s : List.of("socket", "tap", "qemu", "kvm")) {
            assertEquals("done", campaign.get("cells").get(s).get("state").asText(), s);
            assertTrue(outcome.out().lines().anyMatch(l -> l.startsWith(s + " ")), outcome.out());
        }
        assertTrue(Set.of("kvm", "tcg").contains(campaign.get("accel").asText()));
        assertTrue(campaign.get("wall_s").asDouble() > 0);
        try (Stream<Path> left = Files.list(run)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
        }
        assertTrue(outcome.out().contains("qemu/kvm total"), "no reference ratios: " + outcome.out());
    }

    @Test
    void theDefaultRunHasTheKernelsSourceIndex() throws IOException {
        // The first run on a kernel builds its source index, later runs find it: the report has lines and HAP.
        JsonNode index = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("kernels").get("6.1.0-56-amd64")
                .get("source_index");
        assertTrue(Set.of("built", "cached").contains(index.get("state").asText()), index.toString());
        assertTrue(outcome.err().contains("source: index of 6.1.0-56-amd64 " + index.get("state").asText()), outcome.err());
        List<String> size = Files.readAllLines(run.resolve("tables/source_size.csv"));
        assertTrue(size.stream().anyMatch(l -> l.startsWith("socket,")), size.toString());
    }

    @Test
    void socket() throws IOException {
        JsonNode s = assertMeasured("socket");
        // The traced server really carried the request: it sent the page through kernel TCP.
        assertTrue(functions("socket").contains("tcp_sendmsg"), "tcp_sendmsg missing: the reply was not traced");
        assertEquals(1, s.get("traced_pids").size(), "a single-threaded server");
    }

    @Test
    void tap() throws IOException {
        JsonNode s = assertMeasured("tap");
        List<String> functions = functions("tap");
        // The server spoke through the tap device, not through a kernel socket by accident.
        assertTrue(functions.stream().anyMatch(f -> f.startsWith("tun_")), "no tun_* function in the tap trace");
        assertTrue(functions.contains("tun_chr_write_iter"), "the reply never went out through the tap");
        assertFalse(functions.contains("tcp_sendmsg"), "the lwIP server used kernel TCP");
        // lwIP's tcpip thread and the tap reader thread are part of the workload.
        assertTrue(s.get("traced_pids").size() >= 3, "threads not traced: " + s.get("traced_pids"));
    }

    @Test
    void qemu() throws IOException {
        JsonNode s = assertMeasured("qemu");
        List<String> functions = functions("qemu");
        // QEMU's NIC back end is the tap; TCG emulation itself needs no KVM.
        assertTrue(functions.contains("tun_chr_write_iter"), "the unikernel's reply never went out through the tap");
        assertFalse(functions.stream().anyMatch(f -> f.startsWith("kvm_")), "kvm functions under TCG");
        assertTrue(s.get("traced_pids").size() >= 2, "QEMU's threads not traced: " + s.get("traced_pids"));
    }

    @Test
    void kvm() throws IOException {
        JsonNode s = assertMeasured("kvm");
        assertTrue(s.get("by_class").get("virtualization").asInt() > 0, "no virtualization-class function under KVM");
        // The vCPU thread sits in KVM_RUN across the window: guest entries and exits, not the ioctl, show.
        List<String> functions = functions("kvm");
        assertTrue(functions.contains("svm_vcpu_run") || functions.contains("vmx_vcpu_run"),
                "QEMU's vCPU thread did not enter the guest");
        // The unikernel idles like a Solo5 virtio guest: it halts, and the NIC's interrupt wakes it.
        assertTrue(functions.contains("kvm_emulate_halt"), "the guest did not halt");
        assertTrue(functions.contains("svm_inject_irq") || functions.contains("vmx_inject_irq"),
                "no interrupt was injected into the guest");
    }

    private JsonNode assertMeasured(String scenario) throws IOException {
        return MeasuredCell.check(run, scenario, results);
    }

    private List<String> functions(String scenario) throws IOException {
        return Files.readAllLines(run.resolve(scenario).resolve("functions.txt"));
    }
}
