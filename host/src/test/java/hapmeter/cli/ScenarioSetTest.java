package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.ConfigFiles;
import hapmeter.Json;
import hapmeter.scenario.ScenarioSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `--scenarios @SET` on the shipped sets: what `plan` makes of it, without a VM. */
class ScenarioSetTest {
    private static final Path CONFIGS = Path.of("../vm-configs");

    @TempDir
    Path tmp;

    private List<JsonNode> plan(String... extra) throws IOException {
        Path plan = tmp.resolve("plan.jsonl");
        List<String> args = new ArrayList<>(List.of("plan", "--kernel", "6.1.0-56-amd64", "--no-source", "--out",
                plan.toString()));
        args.addAll(List.of(extra));
        CliHarness.Outcome o = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, o.exit(), o.err());
        List<JsonNode> cells = new ArrayList<>();
        for (String line : Files.readAllLines(plan)) {
            cells.add(Json.MAPPER.readTree(line));
        }
        return cells;
    }

    @Test
    void everyScenarioOfEverySetExists() {
        Set<String> scenarios = ConfigFiles.files(CONFIGS.resolve("scenarios"), "scenarios").keySet();
        for (String set : ConfigFiles.files(CONFIGS.resolve("sets"), "sets").keySet()) {
            List<String> named = ScenarioSet.expand(CONFIGS, List.of("@" + set)).scenarios();
            assertTrue(scenarios.containsAll(named), set + " names scenarios that do not exist: " + named);
        }
    }

    @Test
    void theNablaSetPlansItsScenariosWithItsRepeats() throws IOException {
        ScenarioSet.Expanded nabla = ScenarioSet.expand(CONFIGS, List.of("@nabla"));
        List<JsonNode> cells = plan("--scenarios", "@nabla,tap");
        List<String> expected = new ArrayList<>(nabla.scenarios());
        expected.add("tap");
        assertEquals(expected.size() * nabla.repeat(), cells.size());
        assertEquals(expected, cells.stream().map(c -> c.get("scenario").asText()).distinct().toList());
    }

    @Test
    void repeatOverridesTheSets() throws IOException {
        List<JsonNode> cells = plan("--scenarios", "@nabla", "--repeat", "2");
        assertEquals(2 * ScenarioSet.expand(CONFIGS, List.of("@nabla")).scenarios().size(), cells.size());
    }

    @Test
    void anUnknownSetIsOneLineNamingTheKnownOnes() {
        CliHarness.Outcome o = CliHarness.run("plan", "--scenarios", "@nosuch", "--kernel", "6.1.0-56-amd64",
                "--out", tmp.resolve("p").toString());
        assertTrue(o.exit() != 0, o.err());
        assertTrue(o.errorLine().startsWith("hapmeter: unknown scenario set '@nosuch'; known: @nabla"), o.errorLine());
    }
}
