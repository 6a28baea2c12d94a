package hapmeter.report;

import hapmeter.analysis.NablaReference;
import hapmeter.analysis.NablaReference.Application;
import hapmeter.analysis.NablaReference.Place;
import hapmeter.analysis.NablaReference.Published;
import hapmeter.analysis.NablaReference.Row;
import hapmeter.analysis.RowOrder;
import hapmeter.analysis.SetStats;
import hapmeter.image.KernelRelease;
import hapmeter.report.RunData.Cell;
import hapmeter.report.SourceTables.Located;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * nabla-measurements' statistics on our cells: per scenario and kernel the mean and sd over its repeats of the
 * unique functions and of their GNU complexity sum (drawn by {@link NablaCharts}), their published values beside
 * ours per row and application, and the order each gives the rows. Only when a scenario stands for one of its rows.
 */
final class NablaTables {
    static final String STATS = "nabla_stats";
    static final String VALUES = "nabla_values";
    static final String ORDER = "nabla_order";
    /** The row column of a scenario that stands for none. */
    static final String NO_ROW = "-";
    static final String NOT_PUBLISHED = "not published";

    /** One scenario on one kernel over its N repeats; COMPLEXITY null when a repeat has no located functions. */
    record Stat(String kernel, String scenario, SetStats.Summary functions, SetStats.Summary complexity) {
    }

    private NablaTables() {
    }

    static List<Table> compute(RunData data, Map<Cell, Located> located, NablaReference nabla) {
        if (data.measured().stream().noneMatch(c -> nabla.place(c.scenario()).isPresent())) {
            return List.of();
        }
        Map<String, Map<String, Stat>> stats = stats(data, located);
        String kernel = stats.keySet().iterator().next();
        Map<String, Stat> ours = stats.get(kernel);
        return List.of(statsTable(stats, nabla), values(ours, kernel, nabla), order(ours, kernel, nabla));
    }

    /** Kernel (version order) -> scenario -> its statistics. */
    private static Map<String, Map<String, Stat>> stats(RunData data, Map<Cell, Located> located) {
        Map<String, Map<String, List<Cell>>> cells = new TreeMap<>(KernelRelease.ORDER);
        data.measured().forEach(c -> cells.computeIfAbsent(c.summary().kernel(), k -> new LinkedHashMap<>())
                .computeIfAbsent(c.scenario(), s -> new ArrayList<>()).add(c));
        Map<String, Map<String, Stat>> out = new TreeMap<>(KernelRelease.ORDER);
        cells.forEach((kernel, byScenario) -> byScenario.forEach((scenario, reps) -> {
            boolean indexed = reps.stream().allMatch(located::containsKey);
            out.computeIfAbsent(kernel, k -> new LinkedHashMap<>()).put(scenario, new Stat(kernel, scenario,
                    SetStats.summarize(reps.stream().map(c -> c.summary().functionsTotal()).toList()),
                    !indexed ? null : SetStats.summarize(reps.stream()
                            .map(c -> SourceTables.Sums.of(c.functions(), located.get(c).where()).complexity())
                            .toList())));
        }));
        return out;
    }

    private static Table statsTable(Map<String, Map<String, Stat>> stats, NablaReference nabla) {
        List<List<Object>> rows = new ArrayList<>();
        List<String> unindexed = new ArrayList<>();
        stats.forEach((kernel, byScenario) -> {
            byScenario.values().stream().sorted(gridOrder(nabla)).forEach(s -> {
                Optional<Place> p = nabla.place(s.scenario());
                SetStats.Summary cx = s.complexity();
                rows.add(Arrays.asList(kernel, s.scenario(), p.map(Place::row).orElse(NO_ROW),
                        p.map(Place::workload).orElse(NO_ROW), s.functions().n(), s.functions().mean(),
                        s.functions().sd(), cx == null ? null : cx.mean(), cx == null ? null : cx.sd()));
            });
            if (byScenario.values().stream().anyMatch(s -> s.complexity() == null)) {
                unindexed.add(kernel);
            }
        });
        List<String> notes = new ArrayList<>(List.of("Per kernel and scenario, over its n repeats: the mean and "
                + "sample sd of the unique functions (functions_total) and of their GNU complexity sum (the source "
                + "table's 'complexity', nabla-measurements' metric). row and application: what the scenario stands "
                + "for in nabla-measurements' grid (vm-configs/reference/nabla.json)."));
        if (!unindexed.isEmpty()) {
            notes.add("Complexity left empty on " + String.join(", ", unindexed) + ": no source index for that "
                    + "kernel (or a repeat without functions.txt); see Missing.");
        }
        return new Table(STATS, "nabla-measurements' statistics: mean ± sd over repeats",
                List.of("kernel", "scenario", "row", "application", "n", "functions mean", "functions sd",
                        "complexity mean", "complexity sd"), rows, notes, false);
    }

    /** Scenarios of the grid in its row order, then the others in the report's scenario order. */
    private static Comparator<Stat> gridOrder(NablaReference nabla) {
        List<String> rows = new ArrayList<>(nabla.rows().keySet());
        Function<Stat, Integer> row = s -> nabla.place(s.scenario()).map(p -> rows.indexOf(p.row())).orElse(rows.size());
        return Comparator.comparing(row).thenComparing(Stat::scenario, RunData.SCENARIO_ORDER);
    }

    /** Every row x application: theirs beside ours, or why there is no value. */
    private static Table values(Map<String, Stat> ours, String kernel, NablaReference nabla) {
        List<List<Object>> rows = new ArrayList<>();
        nabla.rows().forEach((rowName, row) -> nabla.applications().forEach((app, a) -> {
            Published theirs = row.published().get(app);
            String scenario = a.workload() == null ? null : row.scenarios().get(a.workload());
            Stat s = scenario == null ? null : ours.get(scenario);
            String absent = s != null ? null : notMeasured(row, a, scenario);
            String cx = s == null ? absent : s.complexity() == null ? "no source index for " + kernel
                    : meanSd(s.complexity());
            rows.add(List.of(rowName, app, scenario == null ? NO_ROW : scenario,
                    theirs == null || theirs.functions() == null ? NOT_PUBLISHED : theirs.functions().toString(),
                    s == null ? absent : meanSd(s.functions()),
                    theirs == null || theirs.complexity() == null ? NOT_PUBLISHED : theirs.complexity().toString(),
                    cx));
        }));
        List<String> notes = new ArrayList<>(List.of(nabla.description(), "Ours: mean ± sample sd (n repeats) on "
                + kernel + "; theirs: the mean of 10 runs, read from their graphs (±" + nabla.readingError() + ")."));
        nabla.applications().forEach((app, a) -> {
            if (a.note() != null) {
                notes.add(app + ": " + a.note() + ".");
            }
        });
        nabla.rows().forEach((name, r) -> {
            if (r.note() != null) {
                notes.add(name + ": " + r.note() + ".");
            }
        });
        return new Table(VALUES, "nabla-measurements: published values beside ours", List.of("row", "application",
                "scenario", "functions (theirs)", "functions (ours)", "complexity (theirs)", "complexity (ours)"),
                rows, notes, false);
    }

    /** Why a row x application has no value of ours: no workload here, no scenario for it, or not in this run. */
    private static String notMeasured(Row row, Application app, String scenario) {
        if (scenario != null) {
            return "not measured: " + scenario + " is not in this run";
        }
        if (row.unmapped() != null) {
            return "not measured: " + row.unmapped();
        }
        return "not measured: " + (app.workload() == null ? app.note() : "no " + app.workload() + " scenario for this row");
    }

    /** Per application, the order of the rows by functions, theirs and ours, and which of their pairs hold in ours. */
    private static Table order(Map<String, Stat> ours, String kernel, NablaReference nabla) {
        List<List<Object>> rows = new ArrayList<>();
        nabla.applications().forEach((app, a) -> {
            Map<String, Double> theirs = new LinkedHashMap<>();
            Map<String, Double> mine = new LinkedHashMap<>();
            nabla.rows().forEach((name, r) -> {
                Published p = r.published().get(app);
                Stat s = a.workload() == null ? null : ours.get(r.scenarios().get(a.workload()));
                if (p != null && p.functions() != null) {
                    theirs.put(name, (double) p.functions());
                }
                if (s != null) {
                    mine.put(name, s.functions().mean());
                }
            });
            Map<String, Double> theirsCommon = new LinkedHashMap<>(theirs);
            theirsCommon.keySet().retainAll(mine.keySet());
            Map<String, Double> mineCommon = new LinkedHashMap<>(mine);
            mineCommon.keySet().retainAll(theirs.keySet());
            boolean compared = theirsCommon.size() >= 2;
            String none = "fewer than two rows measured by both";
            rows.add(List.of(app, theirs.isEmpty() ? NOT_PUBLISHED : RowOrder.text(theirs),
                    mine.isEmpty() ? "not measured" : RowOrder.text(mine),
                    compared ? RowOrder.text(theirsCommon) : none, compared ? RowOrder.text(mineCommon) : none,
                    compared ? RowOrder.pairsText(RowOrder.pairs(theirs, mine, nabla.readingError())) : none));
        });
        return new Table(ORDER, "nabla-measurements: the order of the rows, theirs and ours", List.of("application",
                "theirs (all rows)", "ours (all rows)", "theirs (rows both have)", "ours (rows both have)", "their pairs in ours"), rows,
                List.of("Rows by unique functions, most first; ours by the mean over repeats on " + kernel + ". A pair "
                        + "of theirs closer than twice their reading error (±" + nabla.readingError() + ") is not "
                        + "ordered."), false);
    }

    private static String meanSd(SetStats.Summary s) {
        return String.format(Locale.ROOT, "%.1f ± %.1f (n=%d)", s.mean(), s.sd(), s.n());
    }
}
