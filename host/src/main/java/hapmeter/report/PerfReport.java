package hapmeter.report;

import hapmeter.HapmeterException;
import hapmeter.Json;
import hapmeter.campaign.PerfResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The throughput side of a run: perf.md (requests/s per scenario, spread, ratio to socket, and
 * kernel functions from a traced run) and perf.png/perf.svg (functions against throughput, one
 * point per scenario). Absolute numbers under TCG mean little; the ratios are measured in one boot.
 */
public final class PerfReport {
    private static final String BASELINE = "socket";

    private PerfReport() {
    }

    /** One scenario's throughput and, if the traced run has it, its function count. */
    public record Row(PerfResult perf, Integer functions, Double ratio) {
    }

    /** Writes the report into PERF_RUN; FUNCTIONS_RUN (or null) is a traced run of the same scenarios. */
    public static List<Row> write(Path perfRun, Path functionsRun) {
        Map<String, PerfResult> results = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(perfRun)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                PerfResult r = PerfResult.read(d);
                if (r != null) {
                    results.put(r.scenario(), r);
                }
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot list " + perfRun + ": " + e.getMessage(), e);
        }
        if (results.isEmpty()) {
            throw new HapmeterException(perfRun + " holds no throughput cell (no */perf.json)");
        }
        PerfResult base = results.get(BASELINE);
        List<Row> rows = new ArrayList<>();
        for (PerfResult r : results.values()) {
            rows.add(new Row(r, functions(functionsRun, r.scenario()), base == null ? null : r.median() / base.median()));
        }
        StringBuilder md = new StringBuilder("# Throughput\n\n| scenario | requests/s (median) | min | max | spread | "
                + "ratio to socket | kernel functions | failed requests |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            PerfResult r = row.perf();
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f%% | %s | %s | %d of %d |\n", r.scenario(),
                    r.median(), r.min(), r.max(), r.spread() * 100,
                    row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.ratio()),
                    row.functions() == null ? "-" : row.functions(), r.failed().stream().mapToLong(Long::longValue).sum(),
                    r.failed().stream().mapToLong(Long::longValue).sum() + r.requests().stream().mapToLong(Long::longValue).sum()));
        }
        PerfResult any = rows.get(0).perf();
        md.append(String.format(Locale.ROOT, "%nEach: %d runs of %d s with %d concurrent clients from the host, one GET per "
                + "connection, nothing armed; accelerator %s, kernel %s.%n", any.requestsPerS().size(), any.durationS(),
                any.connections(), any.accel(), any.kernel()));
        try {
            Files.writeString(perfRun.resolve("perf.md"), md);
            if (rows.stream().anyMatch(r -> r.functions() != null)) {
                Chart c = chart(rows);
                Files.write(perfRun.resolve("perf.png"), c.png());
                Files.write(perfRun.resolve("perf.svg"), c.svg());
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot write the throughput report in " + perfRun + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static Integer functions(Path functionsRun, String scenario) {
        if (functionsRun == null) {
            return null;
        }
        Path f = functionsRun.resolve(scenario).resolve("summary.json");
        try {
            return Files.isRegularFile(f) ? Json.MAPPER.readTree(f.toFile()).get("functions_total").asInt() : null;
        } catch (IOException e) {
            throw new HapmeterException("unreadable " + f + ": " + e.getMessage(), e);
        }
    }

    private static Chart chart(List<Row> rows) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (Row r : rows) {
            if (r.functions() != null) {
                XYSeries s = new XYSeries(r.perf().scenario());
                s.add(r.functions().doubleValue(), r.perf().median());
                ds.addSeries(s);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Kernel functions against throughput",
                "unique kernel functions (one request)", "requests/s (median)", ds, PlotOrientation.VERTICAL, true, false,
                false);
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        chart.getXYPlot().setRenderer(points);
        return Chart.of("perf", "Kernel functions against throughput", chart, 900, 540);
    }
}
