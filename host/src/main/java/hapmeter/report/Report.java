package hapmeter.report;

import hapmeter.HapmeterException;
import hapmeter.analysis.ClassRules;
import hapmeter.analysis.NablaReference;
import hapmeter.analysis.Reference;
import hapmeter.results.RunLayout;
import hapmeter.source.SourceIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report of one run directory: report.html, report.md, figure4.png, figure4.svg, tables/*.csv and
 * report.json, each written atomically (temporary file, then rename). Layers: {@link RunData} reads the run,
 * {@link ReportTables} computes the tables, the *Format classes and {@link Figure4} render them. With a perf run,
 * {@link PerfReport} adds the Throughput section (tables/throughput.csv, throughput.png/svg). With two or more
 * kernels, {@link SweepTables} and {@link SweepCharts} add the sweep (tables/sweep*.csv, sweep_trend_*.png/svg). With a
 * scenario that stands for a row of nabla-measurements, {@link NablaTables} and {@link NablaCharts} add its grid
 * (tables/nabla_*.csv, nabla_functions.png/svg, nabla_complexity.png/svg).
 */
public final class Report {
    /** The rule set used when the cells do not name one. */
    private static final String DEFAULT_RULES = "paper";

    /**
     * Everything the formats render.
     *
     * @param classes class names in rule order (the default class last)
     * @param missing the run's missing pieces and what the tables could not compute
     */
    public record Content(RunData data, List<String> classes, List<Table> tables, List<String> missing) {
        public Table table(String id) {
            return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        }

        String title() {
            return data.facts().getOrDefault("run", data.dir().getFileName().toString());
        }
    }

    /** What was written: the HTML page (to show the user) and what the report says is missing. */
    public record Outcome(Path html, List<String> missing, Content content) {
    }

    private Report() {
    }

    /**
     * Writes the report of RUN_DIR into it, with rules and reference from CONFIGS (vm-configs/).
     *
     * @throws HapmeterException if RUN_DIR does not exist or holds no cell, or a configuration file is bad
     */
    public static Outcome write(Path runDir, Path configs) {
        return write(runDir, configs, SourceIndex.defaultRoot());
    }

    /** As {@link #write(Path, Path)}, with the kernel source indexes in INDEXES. */
    public static Outcome write(Path runDir, Path configs, Path indexes) {
        return write(runDir, configs, indexes, null);
    }

    /**
     * As {@link #write(Path, Path, Path)}, with the Throughput section of PERF_RUN (a run of ./hapmeter perf; null:
     * none), whose function counts come from RUN_DIR.
     *
     * @throws HapmeterException also if PERF_RUN holds no perf.json cell; then nothing is written
     */
    public static Outcome write(Path runDir, Path configs, Path indexes, Path perfRun) {
        RunData data = RunData.load(runDir);
        List<PerfReport.Row> throughput = perfRun == null ? null : PerfReport.rows(PerfReport.load(perfRun), data);
        Reference reference = Reference.paper(configs);
        Content content = ReportTables.compute(data, rules(data, configs), reference,
                NablaReference.load(configs.resolve("reference/nabla.json")), indexes);
        if (throughput != null) {
            List<Table> tables = new ArrayList<>(content.tables());
            tables.add(PerfReport.table(throughput, data));
            PerfReport.claims(throughput, reference).ifPresent(tables::add);
            content = new Content(data, content.classes(), tables, content.missing());
        }
        Figure4 figure = Figure4.of(content.table(ReportTables.COUNTS), content.classes(), subtitle(data));
        List<Chart> charts = new ArrayList<>();
        if (figure != null) {
            charts.add(figure.chart());
        }
        SubsystemChart.of(content).ifPresent(charts::add);
        charts.addAll(CampaignCharts.of(content));
        charts.addAll(SweepCharts.of(content));
        charts.addAll(NablaCharts.of(content));
        if (throughput != null) {
            PerfReport.chart(throughput, PerfReport.ID).ifPresent(charts::add);
        }
        for (Chart c : charts) {
            RunLayout.writeAtomically(runDir.resolve(c.id() + ".png"), c.png());
            RunLayout.writeAtomically(runDir.resolve(c.id() + ".svg"), c.svg());
        }
        for (Table t : content.tables()) {
            RunLayout.writeAtomically(runDir.resolve("tables").resolve(t.id() + ".csv"), CsvFormat.render(t).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", data.facts());
        json.put("missing", content.missing());
        json.put("tables", content.tables());
        RunLayout.writeJson(runDir.resolve("report.json"), json);
        RunLayout.writeAtomically(runDir.resolve("report.md"), MarkdownFormat.render(content, charts).getBytes(StandardCharsets.UTF_8));
        Path html = runDir.resolve("report.html");
        RunLayout.writeAtomically(html, HtmlFormat.render(content, charts).getBytes(StandardCharsets.UTF_8));
        return new Outcome(html, content.missing(), content);
    }

    /** The rule set the cells were classified with (summary.json "rules"), so tables 2 and 3 agree with table 1. */
    private static ClassRules rules(RunData data, Path configs) {
        TreeSet<String> names = new TreeSet<>();
        data.measured().forEach(c -> names.add(c.summary().rules() != null ? c.summary().rules() : DEFAULT_RULES));
        if (names.size() > 1) {
            throw new HapmeterException("the cells were classified with different rule sets " + names
                    + "; a report needs one");
        }
        Path file = configs.resolve("rules").resolve((names.isEmpty() ? DEFAULT_RULES : names.first()) + ".json");
        try {
            return ClassRules.load(file);
        } catch (IllegalArgumentException e) {
            throw new HapmeterException(e.getMessage(), e);
        }
    }

    private static String subtitle(RunData data) {
        Map<String, String> f = data.facts();
        return f.containsKey("kernel") ? "kernel " + f.get("kernel")
                + (f.containsKey("accelerator") ? ", test VM under " + f.get("accelerator") : "") : null;
    }
}
