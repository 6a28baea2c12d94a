package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --no-source reaches the campaign's options (campaign.json, a plan's cells); without it the index is looked for. */
class SourceOptionTest {
    @TempDir
    Path tmp;

    /** The options of the one cell `plan` writes for socket on 6.1.0-56-amd64 (no VM, no apt) with EXTRA. */
    private JsonNode planned(String... extra) throws IOException {
        Path plan = tmp.resolve("plan.jsonl");
        List<String> args = new ArrayList<>(List.of("plan", "--scenarios", "socket", "--kernel", "6.1.0-56-amd64",
                "--out", plan.toString()));
        args.addAll(List.of(extra));
        CliHarness.Outcome o = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, o.exit(), o.err());
        return Json.MAPPER.readTree(Files.readAllLines(plan).get(0)).get("options");
    }

    @Test
    void noSourceIsRecorded() throws IOException {
        assertTrue(planned("--no-source").get("no_source").asBoolean());
    }

    @Test
    void theDefaultLooksForTheIndex() throws IOException {
        JsonNode options = planned();
        assertTrue(options.has("no_source"), options.toString());
        assertFalse(options.get("no_source").asBoolean());
    }

    @Test
    void runSaysWhatItCosts() {
        CliHarness.Outcome o = CliHarness.run("run", "--help");
        assertTrue(o.out().contains("--no-source"), o.out());
        assertTrue(o.out().replaceAll("\\s+", " ").contains("about a minute"), o.out());
    }
}
