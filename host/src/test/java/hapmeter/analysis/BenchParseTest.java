package hapmeter.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import hapmeter.cli.BenchCommand;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `bench parse` end to end on a small file: it runs, and the pipeline's unique count agrees with ours. */
class BenchParseTest {
    @Test
    void smallRun(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("bench.json");
        assertEquals(0, new CommandLine(new BenchCommand()).execute("parse", "--size-mb", "2", "--out", out.toString()));
        JsonNode r = Json.MAPPER.readTree(out.toFile());
        assertTrue(r.get("bytes").asLong() >= 2_000_000);
        assertEquals(r.get("pipeline_unique").asInt(), r.get("hapmeter_unique_raw").asInt());
        assertTrue(r.get("hapmeter_unique").asInt() < r.get("hapmeter_unique_raw").asInt());
    }

    @Test
    void needsASubcommand() {
        assertNotEquals(0, new CommandLine(new BenchCommand()).execute());
    }
}
