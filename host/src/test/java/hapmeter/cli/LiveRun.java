package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One `run` of the real test VM (TCG) over some scenarios, whose cells a test class's checks share. */
record LiveRun(CliHarness.Outcome outcome, Path dir, Path results) {

    /** Runs SCENARIOS (comma-separated) in one boot into RESULTS/RUN_ID. */
    static LiveRun of(Path results, String runId, String scenarios) {
        CliHarness.Outcome o = CliHarness.run("run", "--no-source", "--scenarios", scenarios, "--accel", "tcg",
                "--results", results.toString(), "--run-id", runId);
        return new LiveRun(o, results.resolve(runId), results);
    }

    /** SCENARIO's summary, once the run succeeded and its cell holds together (see MeasuredCell). */
    JsonNode measured(String scenario) throws IOException {
        assertEquals(0, outcome.exit(), outcome.err());
        return MeasuredCell.check(dir, scenario, results);
    }

    /** SCENARIO's counted functions (check the cell with measured first). */
    List<String> functions(String scenario) throws IOException {
        return Files.readAllLines(dir.resolve(scenario).resolve("functions.txt"));
    }
}
