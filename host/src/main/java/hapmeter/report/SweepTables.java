package hapmeter.report;

import hapmeter.analysis.ClassRules;
import hapmeter.analysis.FunctionDiff;
import hapmeter.analysis.SetStats;
import hapmeter.image.KernelRelease;
import hapmeter.report.RunData.Cell;
import hapmeter.results.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * A sweep over kernels (a run with two or more): every cell's counts (sweep.csv), per scenario its trend over the
 * kernels in version order (median and range over the repeats, drawn by {@link SweepCharts}), and for each step
 * from one kernel to the next the functions the scenario gained and lost, with their class.
 */
final class SweepTables {
    static final String SWEEP = "sweep";
    static final String STEPS = "sweep_steps";
    static final String TREND = "sweep_trend_";

    private SweepTables() {
    }

    static List<Table> compute(RunData data, ClassRules rules) {
        // kernel (version order) -> scenario -> its repeats
        Map<String, Map<String, List<Cell>>> byKernel = new TreeMap<>(KernelRelease.ORDER);
        data.measured().stream().sorted(Comparator.comparingInt((Cell c) -> c.summary().rep()))
                .forEach(c -> byKernel.computeIfAbsent(c.summary().kernel(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(c.scenario(), s -> new ArrayList<>()).add(c));
        if (byKernel.size() < 2) {
            return List.of();
        }
        TreeSet<String> scenarios = new TreeSet<>(RunData.SCENARIO_ORDER);
        byKernel.values().forEach(m -> scenarios.addAll(m.keySet()));
        List<Table> main = new ArrayList<>();
        List<Table> lists = new ArrayList<>();
        List<List<Object>> steps = new ArrayList<>();
        for (String scenario : scenarios) {
            Map<String, List<Cell>> perKernel = new LinkedHashMap<>();
            byKernel.forEach((k, m) -> {
                if (m.containsKey(scenario)) {
                    perKernel.put(k, m.get(scenario));
                }
            });
            main.add(trend(scenario, perKernel, rules));
            steps(scenario, perKernel, rules, steps, lists);
        }
        main.add(0, new Table(STEPS, "Sweep: what each step between kernels changed",
                List.of("scenario", "from", "to", "gained", "lost", "by class", "list"), steps, List.of(
                "Kernels in version order; each step compares the union of a scenario's repeats on one kernel with "
                        + "the union on the next kernel that measured it. The lists (tables/sweep_step_*.csv) name "
                        + "every function gained or lost, with its class.",
                "The paper's claims on each kernel are in 'Reference: the paper's claims on our counts' "
                        + "(tables/" + ClaimTables.CLAIMS + ".csv); every count of every cell in tables/" + SWEEP
                        + ".csv."), false));
        List<Table> out = new ArrayList<>(main);
        out.add(cells(byKernel, rules));
        out.addAll(lists);
        return out;
    }

    /** One row per kernel x scenario x rep with every count. */
    private static Table cells(Map<String, Map<String, List<Cell>>> byKernel, ClassRules rules) {
        List<String> cols = new ArrayList<>(List.of("kernel", "scenario", "rep", "total"));
        cols.addAll(rules.classNames());
        cols.addAll(List.of("raw", "with backlog", "beyond idle", "idle before", "idle after"));
        List<List<Object>> rows = new ArrayList<>();
        byKernel.forEach((kernel, perScenario) -> perScenario.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(RunData.SCENARIO_ORDER))
                .forEach(e -> e.getValue().forEach(c -> {
                    Summary s = c.summary();
                    List<Object> row = new ArrayList<>(List.of(kernel, e.getKey(), s.rep(), s.functionsTotal()));
                    rules.classNames().forEach(cls -> row.add(classCount(s, cls)));
                    // Older cells lack the backlog figure and the idle windows: no value rather than a false 0.
                    row.addAll(Arrays.asList(s.functionsRaw(),
                            s.functionsWithBacklog() >= s.functionsTotal() ? s.functionsWithBacklog() : null,
                            s.idle() != null ? s.functionsBeyondIdle() : null,
                            s.idle() != null ? s.idle().functionsTotal() : null,
                            s.idleAfter() != null ? s.idleAfter().functionsTotal() : null));
                    rows.add(row);
                })));
        return new Table(SWEEP, "Sweep: every cell's counts", cols, rows, List.of(
                "One row per kernel, scenario and repeat, kernels in version order. raw: before the interrupt "
                        + "filter; with backlog: the socket backlog's receive work kept; beyond idle: the request's "
                        + "functions neither idle window has; idle before/after: the idle windows' totals."), true);
    }

    /** Per kernel the median of each count over the repeats, with its min and max. */
    private static Table trend(String scenario, Map<String, List<Cell>> perKernel, ClassRules rules) {
        List<String> measures = new ArrayList<>(List.of("total"));
        measures.addAll(rules.classNames());
        List<String> cols = new ArrayList<>(List.of("kernel", "n"));
        measures.forEach(m -> cols.addAll(List.of(m, m + " min", m + " max")));
        List<List<Object>> rows = new ArrayList<>();
        perKernel.forEach((kernel, cells) -> {
            List<Object> row = new ArrayList<>(List.of(kernel, cells.size()));
            for (String m : measures) {
                ToIntFunction<Summary> count = m.equals("total") ? Summary::functionsTotal : s -> classCount(s, m);
                List<Integer> values = cells.stream().map(c -> count.applyAsInt(c.summary())).toList();
                SetStats.Summary st = SetStats.summarize(values);
                double median = SetStats.median(values);
                row.addAll(List.of(median == Math.rint(median) ? (Object) (int) median : (Object) median,
                        (int) st.min(), (int) st.max()));
            }
            rows.add(row);
        });
        return new Table(TREND + scenario, "Sweep: " + scenario + " across kernels", cols, rows, List.of(
                "Per kernel, in version order, the median over its n repeats of the total and of each class, with "
                        + "the least and the most a repeat gave (the chart's whiskers)."), false);
    }

    /** The steps between consecutive kernels that measured SCENARIO: a row each in ROWS, a list each in LISTS. */
    private static void steps(String scenario, Map<String, List<Cell>> perKernel, ClassRules rules,
            List<List<Object>> rows, List<Table> lists) {
        List<String> kernels = perKernel.entrySet().stream()
                .filter(e -> e.getValue().stream().allMatch(c -> c.functions() != null)).map(Map.Entry::getKey).toList();
        for (int i = 1; i < kernels.size(); i++) {
            String a = kernels.get(i - 1);
            String b = kernels.get(i);
            FunctionDiff d = FunctionDiff.of(union(perKernel.get(a)), union(perKernel.get(b)));
            List<List<Object>> fs = new ArrayList<>();
            d.onlyB().forEach(f -> fs.add(List.of(f, "gained", rules.classify(f))));
            d.onlyA().forEach(f -> fs.add(List.of(f, "lost", rules.classify(f))));
            Table list = new Table(("sweep_step_" + scenario + "_" + a + "_to_" + b).replaceAll("[^A-Za-z0-9_.-]", "_"),
                    "Sweep step " + scenario + ": " + a + " to " + b, List.of("function", "change", "class"), fs,
                    List.of(d.onlyB().size() + " gained, " + d.onlyA().size() + " lost (repeats united)."), true);
            lists.add(list);
            rows.add(List.of(scenario, a, b, d.onlyB().size(), d.onlyA().size(), byClass(d, rules),
                    "tables/" + list.id() + ".csv"));
        }
    }

    /** "network +3 -1, other +2" over the classes that moved. */
    private static String byClass(FunctionDiff d, ClassRules rules) {
        Map<String, Integer> gained = rules.countByClass(d.onlyB());
        Map<String, Integer> lost = rules.countByClass(d.onlyA());
        return rules.classNames().stream().filter(c -> gained.get(c) + lost.get(c) > 0)
                .map(c -> c + (gained.get(c) > 0 ? " +" + gained.get(c) : "") + (lost.get(c) > 0 ? " -" + lost.get(c) : ""))
                .collect(Collectors.joining(", "));
    }

    private static Set<String> union(Collection<Cell> cells) {
        Set<String> out = new TreeSet<>();
        cells.forEach(c -> out.addAll(c.functions()));
        return out;
    }

    private static int classCount(Summary s, String cls) {
        return s.byClass() == null ? 0 : s.byClass().getOrDefault(cls, 0);
    }
}
