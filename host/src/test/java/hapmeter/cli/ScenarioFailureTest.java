package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.image.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken tap scenarios and a kvm scenario for a CPU without virtualization, written as data beside
 * the real socket scenario: each broken one fails with an error naming its step, the kvm one is
 * skipped with its reason, and the socket results of the same run are kept.
 */
class ScenarioFailureTest {
    @TempDir
    Path tmp;

    @Test
    void brokenTapScenariosFailClearlyAndKeepTheSocketResults() throws IOException {
        Path configs = tmp.resolve("configs");
        Digests.copyTree(Home.vmConfigs(), configs);
        ObjectNode tap = (ObjectNode) Json.MAPPER.readTree(configs.resolve("scenarios/tap.json").toFile());

        ObjectNode noTun = tap.deepCopy();
        noTun.put("name", "tap-notun");
        ((ArrayNode) noTun.putArray("modules")).add("bridge"); // tun is never loaded
        Json.MAPPER.writeValue(configs.resolve("scenarios/tap-notun.json").toFile(), noTun);

        ObjectNode silent = tap.deepCopy();
        silent.put("name", "tap-silent");
        ((ArrayNode) silent.get("command")).set(3, "10.0.2.99"); // listens, but not where the wget goes
        Json.MAPPER.writeValue(configs.resolve("scenarios/tap-silent.json").toFile(), silent);

        ObjectNode noKvm = (ObjectNode) Json.MAPPER.readTree(configs.resolve("scenarios/kvm.json").toFile());
        noKvm.put("name", "kvm-noflag");
        noKvm.putObject("cpu_modules").putArray("nosuchflag").add("kvm_amd"); // as on a CPU without svm/vmx
        Json.MAPPER.writeValue(configs.resolve("scenarios/kvm-noflag.json").toFile(), noKvm);

        CliHarness.Outcome o = CliHarness.run("run", "--no-source", "--configs", configs.toString(),
                "--scenarios", "socket,tap-notun,tap-silent,kvm-noflag", "--accel", "tcg",
                "--results", tmp.resolve("results").toString(), "--run-id", "r");
        assertEquals(1, o.exit(), o.err());
        Path run = tmp.resolve("results/r");
        JsonNode cells = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells");

        assertEquals("done", cells.get("socket").get("state").asText());
        assertEquals(1354, Json.MAPPER.readTree(run.resolve("socket/summary.json").toFile()).get("bytes_received").asInt());

        assertEquals("failed", cells.get("tap-notun").get("state").asText());
        String noTunError = cells.get("tap-notun").get("error").asText();
        assertTrue(noTunError.startsWith("tap-notun: start: "), noTunError);
        assertTrue(noTunError.contains("create tap tap0 (needs the tun module): 'tunctl -t tap0' failed"), noTunError);
        // The VM's console up to the failure is kept beside the results, hidden, and the error says where.
        assertTrue(noTunError.endsWith(" (console log: .tap-notun.failed/console.log)"), noTunError);
        assertTrue(Files.readString(run.resolve(".tap-notun.failed/console.log")).contains("hapmeter-init: probe on"));

        assertEquals("failed", cells.get("tap-silent").get("state").asText());
        String silentError = cells.get("tap-silent").get("error").asText();
        assertTrue(silentError.startsWith("tap-silent: warm-up request 1: "), silentError);

        // Without KVM in the test VM the kvm scenario is skipped with the reason, not failed.
        assertEquals("skipped", cells.get("kvm-noflag").get("state").asText());
        assertTrue(cells.get("kvm-noflag").get("reason").asText().contains("none of the flags [nosuchflag]"),
                cells.get("kvm-noflag").toString());

        assertFalse(Files.exists(run.resolve("tap-notun")));
        assertFalse(Files.exists(run.resolve("tap-silent")));
        try (Stream<Path> left = Files.list(run)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
        }
    }
}
