package hapmeter.report;

import hapmeter.HapmeterException;
import hapmeter.analysis.Reference;
import hapmeter.results.PerfResult;
import hapmeter.results.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The throughput side of a run, in layers: {@link #load} reads a perf run's cells (measurement), {@link #rows}
 * joins them with a traced run's function counts (results), {@link #table} and {@link #chart} shape them for the
 * formats. Both perf.md + perf.png/svg in the perf run ({@link #write}) and the Throughput section of the main
 * report ({@link Report}) are built from these. Absolute numbers under TCG mean little; the ratios are measured
 * in one boot.
 */
public final class PerfReport {
    /** The table's id (tables/throughput.csv) and the report's chart (throughput.png/svg), drawn in its section. */
    static final String ID = "throughput";
    /** The table of the reference's throughput claims (tables/throughput_claims.csv). */
    static final String CLAIMS_ID = "throughput_claims";
    private static final String REQUESTS_PER_S = "requests_per_s";

    private PerfReport() {
    }

    /**
     * One scenario's throughput, its function count in the traced run (or null) and its median over its
     * workload's baseline scenario's (socket for http, redis for redis; null without that cell).
     */
    public record Row(PerfResult perf, Integer functions, Double ratio) {
        long failed() {
            return perf.failed().stream().mapToLong(Long::longValue).sum();
        }

        long all() {
            return failed() + perf.requests().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The throughput cells of PERF_RUN (each SCENARIO/perf.json), socket first.
     *
     * @throws HapmeterException if PERF_RUN is not a directory or holds no perf.json cell
     */
    public static List<PerfResult> load(Path perfRun) {
        if (!Files.isDirectory(perfRun)) {
            throw new HapmeterException("no perf run directory " + perfRun);
        }
        List<PerfResult> results = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(perfRun)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                PerfResult r = PerfResult.read(d);
                if (r != null) {
                    results.add(r);
                }
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot list " + perfRun + ": " + e.getMessage(), e);
        }
        if (results.isEmpty()) {
            throw new HapmeterException(perfRun + " holds no throughput cell (no SCENARIO/perf.json): "
                    + "not a run of ./hapmeter perf?");
        }
        results.sort(Comparator.comparing(PerfResult::scenario, RunData.SCENARIO_ORDER));
        return List.copyOf(results);
    }

    /** RESULTS with the function counts of TRACED (or null) and the ratio of each median to its baseline's. */
    static List<Row> rows(List<PerfResult> results, RunData traced) {
        return results.stream().map(r -> {
            PerfResult base = results.stream().filter(b -> b.scenario().equals(r.baselineScenario())).findFirst()
                    .orElse(null);
            return new Row(r, traced == null ? null : functions(traced, r),
                    base == null || base.median() <= 0 ? null : r.median() / base.median());
        }).toList();
    }

    /**
     * functions_total of TRACED's measured cell of the same scenario; with several (kernels, repeats), those on
     * the perf cell's kernel if any, and the rounded mean of them.
     */
    private static Integer functions(RunData traced, PerfResult p) {
        List<RunData.Cell> same = traced.measured().stream().filter(c -> c.scenario().equals(p.scenario())).toList();
        List<RunData.Cell> sameKernel = same.stream()
                .filter(c -> p.kernel() != null && p.kernel().equals(c.summary().kernel())).toList();
        List<RunData.Cell> cells = sameKernel.isEmpty() ? same : sameKernel;
        return cells.isEmpty() ? null
                : (int) Math.round(cells.stream().mapToInt(c -> c.summary().functionsTotal()).average().orElseThrow());
    }

    /** The throughput table of ROWS; TRACED names the run the function counts come from (or null). */
    static Table table(List<Row> rows, RunData traced) {
        List<List<Object>> cells = new ArrayList<>();
        for (Row row : rows) {
            PerfResult r = row.perf();
            cells.add(Arrays.asList(r.scenario(), r.median(), r.min(), r.max(), r.spread() * 100, r.baselineScenario(),
                    row.ratio(), row.functions(), row.failed(), row.all()));
        }
        List<String> notes = new ArrayList<>();
        notes.add("requests/s: good requests per second from the host over each run, median, min and max of the runs; "
                + "spread: (max - min) / median; ratio: the median over that of the workload's baseline (the same "
                + "server as a plain process: socket for http, redis for redis), measured in the same boot (absolute "
                + "numbers under TCG mean little). Failed: no answer within 2 s or a wrong one, of all requests sent.");
        notes.add(settings(rows));
        List<String> missing = rows.stream().filter(r -> r.ratio() == null).map(r -> r.perf().baselineScenario())
                .distinct().toList();
        if (!missing.isEmpty()) {
            notes.add("No " + String.join(", ", missing) + " cell in the perf run: no ratio where it is the baseline.");
        }
        notes.add(traced == null ? "No traced run given: no function counts."
                : "kernel functions: functions_total of the cell of the same scenario in the traced run "
                        + traced.dir().getFileName() + " (with several cells, the mean of those on the perf run's "
                        + "kernel); none where that run has no such cell.");
        return new Table(ID, "Throughput: requests/s per scenario, beside its kernel functions", List.of("scenario",
                "requests/s (median)", "min", "max", "spread (%)", "baseline", "ratio to baseline", "kernel functions",
                "failed requests", "requests sent"), cells, notes, false);
    }

    /** The reference's claims on throughput (the paper's Table 4) on ROWS' medians; empty if none can be checked. */
    static Optional<Table> claims(List<Row> rows, Reference reference) {
        Map<String, Map<String, Integer>> measured = new LinkedHashMap<>();
        rows.forEach(r -> measured.put(r.perf().scenario(),
                Map.of(REQUESTS_PER_S, (int) Math.round(r.perf().median()))));
        List<List<Object>> cells = new ArrayList<>();
        for (Reference.ClaimCheck c : reference.checkThroughput(measured)) {
            if (c.holds() != null) {
                cells.add(Arrays.asList(c.claim().statement(), c.ours(), c.theirs(),
                        c.holds() ? "holds" : "does not hold"));
            }
        }
        if (cells.isEmpty()) {
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        notes.add("Ratios of the scenarios' median requests/s, measured in one boot; " + reference.name()
                + ": the ratio the claim states.");
        if (rows.stream().anyMatch(r -> "tcg".equals(r.perf().accel()))) {
            notes.add("The test VM ran under TCG: kvm and hvt ran nested KVM inside an emulated CPU, so a claim "
                    + "about their speed needs a lab host with VT-x or AMD-V (--host).");
        }
        return Optional.of(new Table(CLAIMS_ID, "Throughput: the paper's claims on our requests/s",
                List.of("claim", "ours", reference.name(), "here"), cells, notes, false));
    }

    /** How the rows were measured, in one sentence; per scenario when the settings differ. */
    private static String settings(List<Row> rows) {
        List<String> each = rows.stream().map(r -> String.format(Locale.ROOT, "%d runs of %d s with %d concurrent "
                + "clients from the host, nothing armed; accelerator %s, kernel %s",
                r.perf().requestsPerS().size(), r.perf().durationS(), r.perf().connections(), r.perf().accel(),
                r.perf().kernel())).toList();
        if (each.stream().distinct().count() == 1) {
            return "Each: " + each.get(0) + ".";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(rows.get(i).perf().scenario()).append(": ").append(each.get(i)).append('.');
        }
        return sb.toString();
    }

    /**
     * Kernel functions (x) against throughput relative to the workload's baseline (y: the ratio, which
     * puts workloads of different speeds on one scale), one point per scenario with both; else empty.
     */
    static Optional<Chart> chart(List<Row> rows, String id) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (Row r : rows) {
            if (r.functions() != null && r.ratio() != null) {
                XYSeries s = new XYSeries(r.perf().scenario());
                s.add(r.functions().doubleValue(), r.ratio());
                ds.addSeries(s);
            }
        }
        if (ds.getSeriesCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Kernel functions against throughput",
                "unique kernel functions (one request)", "requests/s relative to the baseline (median)", ds, PlotOrientation.VERTICAL, true, false,
                false);
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        // Each point says its scenario: eight colours in a legend are hard to match.
        points.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{0}"));
        points.setDefaultItemLabelsVisible(true);
        chart.getXYPlot().setRenderer(points);
        return Optional.of(Chart.of(id, "Kernel functions against throughput", chart, 900, 540));
    }

    /**
     * Writes perf.md (and perf.png/perf.svg when a row has a function count and a ratio) into
     * PERF_RUN; TRACED is the traced run of the same scenarios, or null.
     */
    public static List<Row> write(Path perfRun, RunData traced, Reference reference) {
        List<Row> rows = rows(load(perfRun), traced);
        Optional<Chart> chart = chart(rows, "perf");
        chart.ifPresent(c -> {
            RunLayout.writeAtomically(perfRun.resolve("perf.png"), c.png());
            RunLayout.writeAtomically(perfRun.resolve("perf.svg"), c.svg());
        });
        RunLayout.writeAtomically(perfRun.resolve("perf.md"), MarkdownFormat.page("Throughput", chart.stream().toList(),
                Stream.concat(Stream.of(table(rows, traced)), claims(rows, reference).stream()).toList())
                .getBytes(StandardCharsets.UTF_8));
        return rows;
    }
}
