package hapmeter.report;

import static hapmeter.report.RunFixtures.RUNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import hapmeter.analysis.SetStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep section on runs/sweep: a recorded run of two kernels, two scenarios, two repeats (see the fixture's
 * README). Expectations come from its summary.json and functions.txt files; version order is KernelSelectorTest's.
 */
class SweepTablesTest {
    private static final Path SWEEP = RUNS.resolve("sweep");
    private static final List<String> KERNELS = List.of("6.1.0-56-amd64", "6.12.107+deb12-amd64");

    @TempDir
    Path tmp;

    private static List<Table> sweep(Path run) {
        return SweepTables.compute(RunData.load(run), ReportTablesTest.RULES);
    }

    private static Table table(List<Table> tables, String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    private static List<Path> cells(String kernel, String scenario) throws IOException {
        try (Stream<Path> s = Files.list(SWEEP.resolve(kernel).resolve(scenario))) {
            return s.sorted().toList();
        }
    }

    private static JsonNode summary(Path cell) throws IOException {
        return Json.MAPPER.readTree(cell.resolve("summary.json").toFile());
    }

    private static Set<String> union(String kernel, String scenario) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path c : cells(kernel, scenario)) {
            out.addAll(Files.readAllLines(c.resolve("functions.txt")));
        }
        out.remove("");
        return out;
    }

    @Test
    void oneRowPerCellWithItsCountsKernelsInVersionOrder() throws IOException {
        Table t = table(sweep(SWEEP), SweepTables.SWEEP);
        List<List<Object>> expected = new ArrayList<>();
        for (String k : KERNELS) {
            for (String s : List.of("socket", "tap")) {
                for (Path c : cells(k, s)) {
                    JsonNode j = summary(c);
                    expected.add(List.of(k, s, j.get("rep").asInt(), j.get("functions_total").asInt(),
                            j.get("by_class").get("virtualization").asInt(), j.get("by_class").get("network").asInt(),
                            j.get("by_class").get("other").asInt(), j.get("functions_raw").asInt()));
                }
            }
        }
        assertEquals(8, expected.size());
        assertEquals(expected, t.rows().stream().map(r -> r.subList(0, 8)).toList());
    }

    @Test
    void theTrendIsTheMedianAndRangeOfTheRepeats() throws IOException {
        Table t = table(sweep(SWEEP), SweepTables.TREND + "socket");
        assertEquals(KERNELS, ReportTablesTest.column(t, "kernel"));
        for (int i = 0; i < KERNELS.size(); i++) {
            List<Integer> totals = new ArrayList<>();
            for (Path c : cells(KERNELS.get(i), "socket")) {
                totals.add(summary(c).get("functions_total").asInt());
            }
            List<Object> row = t.rows().get(i);
            assertEquals(totals.size(), row.get(t.columns().indexOf("n")));
            assertEquals(SetStats.median(totals), ((Number) row.get(t.columns().indexOf("total"))).doubleValue());
            assertEquals(totals.stream().mapToInt(x -> x).min().orElseThrow(), row.get(t.columns().indexOf("total min")));
            assertEquals(totals.stream().mapToInt(x -> x).max().orElseThrow(), row.get(t.columns().indexOf("total max")));
        }
        // The fixture's socket repeats differ, so the chart has whiskers to draw.
        assertTrue(t.rows().stream().anyMatch(r -> !r.get(t.columns().indexOf("total min"))
                .equals(r.get(t.columns().indexOf("total max")))));
    }

    @Test
    void aStepListsWhatTheUnitedRepeatsGainedAndLostWithClass() throws IOException {
        List<Table> tables = sweep(SWEEP);
        Table steps = table(tables, SweepTables.STEPS);
        Set<String> before = union(KERNELS.get(0), "socket");
        Set<String> after = union(KERNELS.get(1), "socket");
        Set<String> gained = new TreeSet<>(after);
        gained.removeAll(before);
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(after);
        assertFalse(gained.isEmpty() && lost.isEmpty(), "the fixture's socket unions differ");
        List<Object> row = steps.rows().get(0);
        assertEquals(List.of("socket", KERNELS.get(0), KERNELS.get(1), gained.size(), lost.size()), row.subList(0, 5));
        Table list = table(tables, ((String) row.get(6)).replace("tables/", "").replace(".csv", ""));
        List<List<Object>> expected = new ArrayList<>();
        gained.forEach(f -> expected.add(List.of(f, "gained", ReportTablesTest.RULES.classify(f))));
        lost.forEach(f -> expected.add(List.of(f, "lost", ReportTablesTest.RULES.classify(f))));
        assertEquals(expected, list.rows());
        Set<String> tapBefore = union(KERNELS.get(0), "tap");
        Set<String> tapAfter = union(KERNELS.get(1), "tap");
        long tapGained = tapAfter.stream().filter(f -> !tapBefore.contains(f)).count();
        long tapLost = tapBefore.stream().filter(f -> !tapAfter.contains(f)).count();
        assertEquals(List.of("tap", KERNELS.get(0), KERNELS.get(1), (int) tapGained, (int) tapLost),
                steps.rows().get(1).subList(0, 5));
        assertTrue(steps.notes().stream().anyMatch(n -> n.contains("tables/" + ClaimTables.CLAIMS + ".csv")));
    }

    @Test
    void oneKernelHasNoSweep() {
        assertEquals(List.of(), sweep(RUNS.resolve("full")));
    }

    @Test
    void theReportDrawsATrendChartPerScenarioInItsSection() throws IOException {
        Path run = RunFixtures.copy("sweep", tmp);
        Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        for (String s : List.of("socket", "tap")) {
            Path png = run.resolve(SweepTables.TREND + s + ".png");
            assertEquals(Math.max(900, 120 + 40 * KERNELS.size()), ImageIO.read(png.toFile()).getWidth());
            assertTrue(Files.readString(run.resolve(SweepTables.TREND + s + ".svg")).contains("6.12.107"));
        }
        List<String> csv = Files.readAllLines(run.resolve("tables/sweep.csv"));
        assertEquals(1 + 8, csv.size());
        assertTrue(csv.get(1).startsWith("6.1.0-56-amd64,socket,1,"), csv.get(1));
        String html = Files.readString(run.resolve("report.html"));
        int section = html.indexOf("<section id=\"sweep_trend_socket\">");
        assertTrue(section >= 0 && html.indexOf("id=\"sweep_trend_socket-img\"", section) > section);
        assertTrue(html.indexOf("<section id=\"" + SweepTables.STEPS + "\">") > html.indexOf("<section id=\"cross_kernel\">"));
    }
}
