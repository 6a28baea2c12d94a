package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conventional Linux guest under nested KVM in the test VM: the linux-vm scenario. */
class LinuxVmTest {
    @TempDir
    Path results;

    @Test
    void linuxGuestUnderKvmServesThePage() throws IOException {
        CliHarness.Outcome o = CliHarness.run("run", "--no-source", "--scenarios", "linux-vm", "--accel", "tcg",
                "--results", results.toString(), "--run-id", "l");
        assertEquals(0, o.exit(), o.err());
        Path cell = results.resolve("l/linux-vm");
        JsonNode s = Json.MAPPER.readTree(cell.resolve("summary.json").toFile());
        assertEquals(1354, s.get("bytes_received").asInt());
        assertEquals(0, s.get("overrun").asInt());
        assertTrue(s.get("by_class").get("virtualization").asInt() > 0, s.toString());
        List<String> functions = Files.readAllLines(cell.resolve("functions.txt"));
        assertTrue(functions.contains("svm_vcpu_run") || functions.contains("vmx_vcpu_run"), "the guest never ran");
        assertTrue(functions.contains("tun_chr_write_iter"), "the guest's reply never went out through the tap");
    }
}
