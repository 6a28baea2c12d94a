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

    private static final double SOCKET = 233.0;

    @Test
    void rowsJoinThroughputWithTheTracedRunsCountsAndRatiosToSocket() {
        RunData traced = RunData.load(RunFixtures.RUNS.resolve("full"));
        List<PerfReport.Row> rows = PerfReport.rows(PerfReport.load(RunFixtures.RUNS.resolve("perf")), traced);
        assertEquals(List.of("socket", "tap", "runc", "runsc-ptrace"), rows.stream().map(r -> r.perf().scenario()).toList());
        assertEquals(Arrays.asList(348, 209, null, null), rows.stream().map(PerfReport.Row::functions).toList());
        List<Double> ratios = rows.stream().map(PerfReport.Row::ratio).toList();
        assertEquals(1.0, ratios.get(0), 1e-12);
        assertEquals(74.0 / SOCKET, ratios.get(1), 1e-12);
        assertEquals(218.0 / SOCKET, ratios.get(2), 1e-12);
        assertEquals(40.0 / SOCKET, ratios.get(3), 1e-12);

        Table t = PerfReport.table(rows, traced);
        assertEquals(Arrays.asList("tap", 74.0, 68.2, 75.1, (75.1 - 68.2) / 74.0 * 100, 74.0 / SOCKET, 209, 4L, 2177L),
                t.rows().get(1));
        assertEquals(Arrays.asList("runc", 218.0, 212.4, 219.9, (219.9 - 212.4) / 218.0 * 100, 218.0 / SOCKET, null, 0L,
                6503L), t.rows().get(2));
        assertTrue(PerfReport.chart(rows, "x").isPresent());
        assertTrue(PerfReport.chart(PerfReport.rows(PerfReport.load(RunFixtures.RUNS.resolve("perf")), null), "x").isEmpty(),
                "no count, no chart");
    }

    @Test
    void perfMdIsTheSameTableAndChart() throws IOException {
        Path perf = RunFixtures.copy("perf", tmp);
        PerfReport.write(perf, RunFixtures.RUNS.resolve("full"));
        String md = Files.readString(perf.resolve("perf.md"));
        assertTrue(md.startsWith("# Throughput\n"), md);
        assertTrue(md.contains("![Kernel functions against throughput](perf.png)"), md);
        assertTrue(md.contains("| socket | 233.00 | 229.60 | 236.80 | 3.09 | 1.00 | 348 | 0 | 6994 |"), md);
        assertTrue(md.contains("| runc | 218.00 | 212.40 | 219.90 | 3.44 | 0.94 |  | 0 | 6503 |"), md);
        assertTrue(md.contains("Each: 3 runs of 10 s with 1 concurrent clients"), md);
        assertNotNull(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(perf.resolve("perf.png")))));
        assertTrue(Files.readString(perf.resolve("perf.svg")).contains("<svg"));
    }

    @Test
    void theReportCarriesTheThroughputSection() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES, RunFixtures.RUNS.resolve("perf"));
        Table t = o.content().table(PerfReport.ID);
        assertEquals(4, t.rows().size());

        List<String> csv = Files.readAllLines(run.resolve("tables/throughput.csv"));
        assertEquals("scenario,requests/s (median),min,max,spread (%),ratio to socket,kernel functions,failed requests,"
                + "requests sent", csv.get(0));
        assertEquals(List.of("socket,233.00,229.60,236.80,3.09,1.00,348,0,6994", "tap,74.00,68.20,75.10,9.32,0.32,209,4,2177",
                "runc,218.00,212.40,219.90,3.44,0.94,,0,6503", "runsc-ptrace,40.00,38.70,40.60,4.75,0.17,,0,1193"),
                csv.subList(1, csv.size()));

        JsonNode json = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        JsonNode table = null;
        for (JsonNode n : json.get("tables")) {
            table = n.get("id").asText().equals("throughput") ? n : table;
        }
        assertNotNull(table, "report.json has no throughput table");
        assertEquals(218.0 / SOCKET, table.get("rows").get(2).get(5).asDouble(), 1e-12);

        assertNotNull(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(run.resolve("throughput.png")))));
        assertTrue(Files.readString(run.resolve("throughput.svg")).contains("Kernel functions against throughput"));

        String html = Files.readString(run.resolve("report.html"));
        int section = html.indexOf("<section id=\"throughput\">");
        assertTrue(section > 0, "no throughput section");
        String body = html.substring(section, html.indexOf("</section>", section));
        assertTrue(body.contains("<img id=\"throughput-img\"") && body.contains("src=\"data:image/png;base64,"), body);
        assertTrue(body.contains("<td>runsc-ptrace</td><td class=\"n\">40.00</td>"), body);
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
}
