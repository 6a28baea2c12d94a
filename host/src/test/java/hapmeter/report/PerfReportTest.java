package hapmeter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throughput side (runs/perf, see runs/README.md) beside the traced four-scenario run (runs/full): one row
 * computation and one chart for perf.md and for the report's Throughput section.
 */
class PerfReportTest {
    @TempDir
    Path tmp;

    /** The baselines' medians in the fixture: socket for the http workload, redis for the redis one. */
    private static final double SOCKET = 403.7;
    private static final double REDIS = 1371.4099438527812;

    @Test
    void rowsJoinThroughputWithTheTracedRunsCountsAndRatiosToTheirBaseline() {
        RunData traced = RunData.load(RunFixtures.RUNS.resolve("full"));
        List<PerfReport.Row> rows = PerfReport.rows(PerfReport.load(RunFixtures.RUNS.resolve("perf")), traced);
        // The paper's scenarios first, then by name.
        assertEquals(List.of("socket", "tap", "redis", "redis-runc", "runc", "runsc-ptrace"),
                rows.stream().map(r -> r.perf().scenario()).toList());
        assertEquals(Arrays.asList(348, 209, null, null, null, null), rows.stream().map(PerfReport.Row::functions).toList());
        List<Double> ratios = rows.stream().map(PerfReport.Row::ratio).toList();
        assertEquals(1.0, ratios.get(0), 1e-12);
        assertEquals(46.0 / SOCKET, ratios.get(1), 1e-12);
        // redis rows are relative to redis as a plain process, not to the HTTP server.
        assertEquals(1.0, ratios.get(2), 1e-12);
        assertEquals(1292.7400464861173 / REDIS, ratios.get(3), 1e-12);
        assertEquals(379.1 / SOCKET, ratios.get(4), 1e-12);
        assertEquals(45.2 / SOCKET, ratios.get(5), 1e-12);

        Table t = PerfReport.table(rows, traced);
        assertEquals(Arrays.asList("tap", 46.0, 5.0, 193.5, (193.5 - 5.0) / 46.0 * 100, "socket", 46.0 / SOCKET, 209, 13L,
                2458L), t.rows().get(1));
        assertEquals(Arrays.asList("runc", 379.1, 367.4, 404.7, (404.7 - 367.4) / 379.1 * 100, "socket", 379.1 / SOCKET,
                null, 0L, 11512L), t.rows().get(4));
        assertEquals("redis", t.rows().get(3).get(5));
        assertTrue(PerfReport.chart(rows, "x").isPresent());
        assertTrue(PerfReport.chart(PerfReport.rows(PerfReport.load(RunFixtures.RUNS.resolve("perf")), null), "x").isEmpty(),
                "no count, no chart");
    }

    @Test
    void perfMdIsTheSameTableAndChart() throws IOException {
        Path perf = RunFixtures.copy("perf", tmp);
        PerfReport.write(perf, RunData.load(RunFixtures.RUNS.resolve("full")), ReportTablesTest.REFERENCE);
        String md = Files.readString(perf.resolve("perf.md"));
        assertTrue(md.startsWith("# Throughput\n"), md);
        assertTrue(md.contains("![Kernel functions against throughput](perf.png)"), md);
        assertTrue(md.contains("| socket | 403.70 | 385.40 | 417.40 | 7.93 | socket | 1.00 | 348 | 0 | 12065 |"), md);
        assertTrue(md.contains("| runc | 379.10 | 367.40 | 404.70 | 9.84 | socket | 0.94 |  | 0 | 11512 |"), md);
        assertTrue(md.contains("| redis-runc | 1292.74 | 1250.41 | 1294.87 | 3.44 | redis | 0.94 |  | 0 | 39200 |"), md);
        assertTrue(md.contains("Each: 3 runs of 10 s with 1 concurrent clients"), md);
        assertNotNull(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(perf.resolve("perf.png")))));
        assertTrue(Files.readString(perf.resolve("perf.svg")).contains("<svg"));
    }

    @Test
    void theReportCarriesTheThroughputSection() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES, RunFixtures.RUNS.resolve("perf"));
        Table t = o.content().table(PerfReport.ID);
        assertEquals(6, t.rows().size());

        List<String> csv = Files.readAllLines(run.resolve("tables/throughput.csv"));
        assertEquals("scenario,requests/s (median),min,max,spread (%),baseline,ratio to baseline,kernel functions,"
                + "failed requests,requests sent", csv.get(0));
        assertEquals(List.of("socket,403.70,385.40,417.40,7.93,socket,1.00,348,0,12065",
                "tap,46.00,5.00,193.50,409.78,socket,0.11,209,13,2458",
                "redis,1371.41,1288.71,1405.04,8.48,redis,1.00,,0,41600",
                "redis-runc,1292.74,1250.41,1294.87,3.44,redis,0.94,,0,39200",
                "runc,379.10,367.40,404.70,9.84,socket,0.94,,0,11512",
                "runsc-ptrace,45.20,42.70,50.70,17.70,socket,0.11,,0,1386"), csv.subList(1, csv.size()));

        JsonNode json = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        JsonNode table = null;
        for (JsonNode n : json.get("tables")) {
            table = n.get("id").asText().equals("throughput") ? n : table;
        }
        assertNotNull(table, "report.json has no throughput table");
        assertEquals(379.1 / SOCKET, table.get("rows").get(4).get(6).asDouble(), 1e-12);

        assertNotNull(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(run.resolve("throughput.png")))));
        assertTrue(Files.readString(run.resolve("throughput.svg")).contains("Kernel functions against throughput"));

        String html = Files.readString(run.resolve("report.html"));
        int section = html.indexOf("<section id=\"throughput\">");
        assertTrue(section > 0, "no throughput section");
        String body = html.substring(section, html.indexOf("</section>", section));
        assertTrue(body.contains("<img id=\"throughput-img\"") && body.contains("src=\"data:image/png;base64,"), body);
        assertTrue(body.contains("<td>runsc-ptrace</td><td class=\"n\">45.20</td>"), body);
        assertTrue(body.contains("<td class=\"n\">0.94</td><td class=\"na\">–</td>"), "runc: ratio, no count");
        assertEquals(1, html.split("id=\"throughput\"", -1).length - 1, "one element with that id");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:|//|file:).*"), "no external resources");
        assertTrue(html.indexOf("id=\"figure4\"") < section);

        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("## Throughput: requests/s per scenario, beside its kernel functions\n\n"
                + "![Kernel functions against throughput](throughput.png)\n\n| scenario |"), md);
        assertTrue(md.contains("kernel functions: functions\\_total of the cell of the same scenario in the traced run full"),
                md);
    }

    @Test
    void aPerfRunWithoutPerfJsonIsAOneLineErrorAndNothingIsWritten() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        HapmeterException e = assertThrows(HapmeterException.class, () -> Report.write(run, RunFixtures.CONFIGS,
                RunFixtures.INDEXES, RunFixtures.RUNS.resolve("partial")));
        assertEquals(RunFixtures.RUNS.resolve("partial") + " holds no throughput cell (no SCENARIO/perf.json): "
                + "not a run of ./hapmeter perf?", e.getMessage());
        e = assertThrows(HapmeterException.class, () -> Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES,
                tmp.resolve("nope")));
        assertEquals("no perf run directory " + tmp.resolve("nope"), e.getMessage());
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("report") || n.startsWith("tables") || n.endsWith(".png") || n.endsWith(".svg")
                            || n.endsWith(".tmp")).toList());
        }
    }

    @Test
    void thePapersThroughputClaimsAreCheckedOnTheMedians() {
        List<PerfReport.Row> rows = PerfReport.rows(PerfReport.load(RunFixtures.RUNS.resolve("perf-six")), null);
        Table t = PerfReport.claims(rows, ReportTablesTest.REFERENCE).orElseThrow();
        assertEquals(PerfReport.CLAIMS_ID, t.id());
        assertEquals(2, t.rows().size(), t.rows().toString());
        double kvmOverTap = ratio(rows, "kvm", "tap");
        double qemuOverKvm = ratio(rows, "qemu", "kvm");
        assertEquals(List.of(String.format("%.2f", kvmOverTap), String.format("%.2f", qemuOverKvm)),
                ReportTablesTest.column(t, "ours"));
        assertEquals(List.of("1.00", "0.09"), ReportTablesTest.column(t, "hotcloud18"));
        assertEquals(List.of(Math.abs(kvmOverTap - 1.0) <= 0.2 ? "holds" : "does not hold",
                Math.abs(qemuOverKvm - 0.09) <= 0.05 ? "holds" : "does not hold"), ReportTablesTest.column(t, "here"));
        assertTrue(t.notes().stream().anyMatch(n -> n.contains("TCG")), "the fixture ran under TCG: " + t.notes());
    }

    @Test
    void withoutTheirScenariosTheThroughputClaimsAreLeftOut() {
        // runs/perf has socket and tap but neither qemu nor kvm.
        List<PerfReport.Row> rows = PerfReport.rows(PerfReport.load(RunFixtures.RUNS.resolve("perf")), null);
        assertTrue(PerfReport.claims(rows, ReportTablesTest.REFERENCE).isEmpty());
    }

    /** A/B of the medians, rounded to whole requests/s as the claims take them. */
    private static double ratio(List<PerfReport.Row> rows, String a, String b) {
        return (double) Math.round(median(rows, a)) / Math.round(median(rows, b));
    }

    private static double median(List<PerfReport.Row> rows, String scenario) {
        return rows.stream().filter(r -> r.perf().scenario().equals(scenario)).findFirst().orElseThrow().perf().median();
    }
}
