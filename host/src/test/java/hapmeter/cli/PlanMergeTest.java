package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import hapmeter.analysis.SetStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan / run-cell / merge of a two-cell campaign gives what one `run` of it gives. */
class PlanMergeTest {
    @TempDir
    Path tmp;

    @Test
    void mergedCellsEqualOneRun() throws IOException {
        String[] campaign = {"--no-source", "--scenarios", "socket,tap", "--accel", "tcg"};
        Path plan = tmp.resolve("plan.jsonl");
        assertEquals(0, CliHarness.run(concat(new String[] {"plan", "--out", plan.toString()}, campaign)).exit());
        List<String> lines = Files.readAllLines(plan);
        assertEquals(2, lines.size(), lines.toString());
        for (int i = 0; i < 2; i++) {
            CliHarness.Outcome o = CliHarness.run("run-cell", plan + ":" + i, "--out", tmp.resolve("cell" + i).toString());
            assertEquals(0, o.exit(), o.err());
        }
        // Idempotent: a finished cell is not run again.
        Path done = tmp.resolve("cell0/socket/summary.json");
        var mtime = Files.getLastModifiedTime(done);
        assertEquals(0, CliHarness.run("run-cell", plan + ":0", "--out", tmp.resolve("cell0").toString()).exit());
        assertEquals(mtime, Files.getLastModifiedTime(done));

        Path merged = tmp.resolve("merged");
        CliHarness.Outcome m = CliHarness.run("merge", tmp.resolve("cell0").toString(), tmp.resolve("cell1").toString(),
                "--out", merged.toString());
        assertEquals(0, m.exit(), m.err());
        Path single = tmp.resolve("results/one");
        assertEquals(0, CliHarness.run(concat(new String[] {"run", "--results", tmp.resolve("results").toString(),
                "--run-id", "one"}, campaign)).exit());

        assertEquals(listing(single), listing(merged), "different files");
        JsonNode a = Json.MAPPER.readTree(single.resolve("campaign.json").toFile()).get("cells");
        JsonNode b = Json.MAPPER.readTree(merged.resolve("campaign.json").toFile()).get("cells");
        assertEquals(a, b, "different cells or states");
        for (String s : List.of("socket", "tap")) {
            JsonNode sa = Json.MAPPER.readTree(single.resolve(s + "/summary.json").toFile());
            JsonNode sb = Json.MAPPER.readTree(merged.resolve(s + "/summary.json").toFile());
            assertEquals(fields(sa), fields(sb));
            for (String same : List.of("scenario", "kernel", "rep", "accel", "bytes_received", "overrun", "rules")) {
                assertEquals(sa.get(same), sb.get(same), s + " " + same);
            }
            // Two boots measure the same thing only up to run-to-run variation (see CampaignQualityTest).
            double j = SetStats.jaccard(Set.copyOf(Files.readAllLines(single.resolve(s + "/functions.txt"))),
                    Set.copyOf(Files.readAllLines(merged.resolve(s + "/functions.txt"))));
            assertTrue(j >= 0.7, s + ": Jaccard " + j);
        }
    }

    /**
     * Every file of a run directory, relative, except the VM's own logs and the diffs its claims table links: a claim
     * near its bound (tap's network share, 0.42 against 0.43) may hold in one boot and not in the other, and a diff is
     * written exactly for a claim that does not hold. Each linked diff must be there.
     */
    private static Set<String> listing(Path run) throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile).map(p -> run.relativize(p).toString())
                    .filter(p -> !p.startsWith(".vm/")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> diffs = claimDiffs(run);
        assertTrue(files.containsAll(diffs), run + ": claims link " + diffs + ", files are " + files);
        files.removeAll(diffs);
        return files;
    }

    /** The diff files report.json's claims table links, one per claim that does not hold in RUN. */
    private static Set<String> claimDiffs(Path run) throws IOException {
        Set<String> diffs = new TreeSet<>();
        for (JsonNode t : Json.MAPPER.readTree(run.resolve("report.json").toFile()).get("tables")) {
            if (t.get("id").asText().equals("reference_claims")) {
                int diff = List.of(Json.MAPPER.treeToValue(t.get("columns"), String[].class)).indexOf("diff");
                t.get("rows").forEach(r -> {
                    if (!r.get(diff).isNull()) {
                        diffs.add(r.get(diff).asText());
                    }
                });
            }
        }
        return diffs;
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> f = new TreeSet<>();
        n.fieldNames().forEachRemaining(f::add);
        return f;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
