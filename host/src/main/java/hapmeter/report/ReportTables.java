package hapmeter.report;

import hapmeter.analysis.ClassRules;
import hapmeter.analysis.NablaReference;
import hapmeter.analysis.Reference;
import hapmeter.image.KernelRelease;
import hapmeter.results.Summary;
import hapmeter.report.RunData.Cell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The report's tables, computed from a run's data; no formatting here. */
final class ReportTables {
    static final String COUNTS = "table1_counts";
    static final String CODE_SIZE = "code_size";
    static final String KERNEL_DEPENDS = "Absolute counts depend on the kernel and its configuration; "
            + "ratios and order are what compare.";
    /** The paper's numbering of its per-substring tables. */
    private static final Map<String, String> PAPER_TABLES = Map.of("network", "Table 2", "virtualization", "Table 3");

    private final RunData data;
    private final ClassRules rules;
    private final Reference reference;
    private final List<String> missing = new ArrayList<>();

    private ReportTables(RunData data, ClassRules rules, Reference reference) {
        this.data = data;
        this.rules = rules;
        this.reference = reference;
    }

    /** INDEXES: where source indexes are (see {@link hapmeter.source.SourceIndex#defaultRoot()}). */
    static Report.Content compute(RunData data, ClassRules rules, Reference reference, Path indexes) {
        return compute(data, rules, reference, null, indexes);
    }

    /** As {@link #compute(RunData, ClassRules, Reference, Path)}, with NABLA's grid (null: none). */
    static Report.Content compute(RunData data, ClassRules rules, Reference reference, NablaReference nabla,
            Path indexes) {
        ReportTables t = new ReportTables(data, rules, reference);
        List<Table> tables = new ArrayList<>();
        tables.add(t.counts());
        tables.addAll(t.reference());
        tables.addAll(ClaimTables.compute(data, rules, reference));
        tables.addAll(t.substrings());
        tables.add(t.syscalls());
        tables.addAll(t.codeSize());
        List<String> missing = new ArrayList<>(data.missing());
        Map<Cell, SourceTables.Located> located = SourceTables.locate(data, indexes, missing);
        tables.addAll(SourceTables.compute(data, located));
        tables.addAll(CampaignTables.compute(data, rules, reference, missing));
        tables.addAll(SweepTables.compute(data, rules));
        if (nabla != null) {
            tables.addAll(NablaTables.compute(data, located, nabla));
        }
        missing.addAll(t.missing);
        return new Report.Content(data, rules.classNames(), tables, missing);
    }

    /** Table 1 and the data of Figure 4: one row per cell, failed ones included with their state. */
    private Table counts() {
        List<String> cols = new ArrayList<>(List.of("scenario", "state", "total"));
        cols.addAll(rules.classNames());
        cols.addAll(List.of("raw", "overrun", "bytes", "accel", "kernel"));
        List<List<Object>> rows = new ArrayList<>();
        for (Cell c : data.cells()) {
            List<Object> row = new ArrayList<>(List.of(c.key(), c.state()));
            Summary s = c.summary();
            if (s == null) {
                row.addAll(Collections.nCopies(cols.size() - row.size(), null));
            } else {
                row.add(s.functionsTotal());
                rules.classNames().forEach(k -> row.add(s.byClass() == null ? null : s.byClass().get(k)));
                row.addAll(List.of(s.functionsRaw(), s.overrun(), s.bytesReceived()));
                row.add(s.accel());
                row.add(s.kernel());
            }
            rows.add(row);
        }
        return new Table(COUNTS, "Table 1: unique kernel functions per scenario", cols, rows, List.of(
                "total: unique functions the served wget touched, interrupt work removed; raw: before the interrupt "
                        + "filter; classes by name (rules " + rules.name() + ": " + rules.description() + ").",
                "overrun: ring-buffer events lost (must be 0); bytes: the page as received (must equal the scenario's "
                        + "expected_bytes)."), false);
    }

    /** Published values beside ours, then the reference's ratios. */
    private List<Table> reference() {
        Map<String, Map<String, Integer>> measured = measuredByScenario();
        List<List<Object>> values = new ArrayList<>();
        reference.scenarios().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(RunData.SCENARIO_ORDER))
                .forEach(e -> e.getValue().forEach((measure, theirs) -> values.add(Arrays.asList(e.getKey(), measure,
                        measured.getOrDefault(e.getKey(), Map.of()).get(measure), theirs))));
        List<List<Object>> ratios = new ArrayList<>();
        for (Reference.Comparison c : reference.compare(measured)) {
            ratios.add(Arrays.asList(c.label(), c.ours(), c.theirs()));
        }
        for (Reference.Ratio r : reference.ratios()) {
            List<String> absent = new ArrayList<>(List.of(r.numerator(), r.denominator()));
            absent.removeIf(measured::containsKey);
            if (!absent.isEmpty()) {
                missing.add("ratio " + r.numerator() + "/" + r.denominator() + ": " + String.join(" and ", absent)
                        + " not measured");
            }
        }
        String source = reference.description().split("(?<=\\.) ", 2)[0];
        List<String> notes = List.of(KERNEL_DEPENDS, order(measured, reference.scenarios()),
                "Reference " + reference.name() + ": " + source);
        return List.of(
                new Table("reference_values", "Reference: published values beside ours",
                        List.of("scenario", "measure", "ours", reference.name()), values, notes, false),
                new Table("reference_ratios", "Reference: ratios between scenarios",
                        List.of("ratio", "ours", reference.name()), ratios, List.of(KERNEL_DEPENDS), false));
    }

    /** Scenario -> "total" and class counts, for {@link Reference#compare}; a scenario must have exactly one cell. */
    /**
     * Per scenario, the counts the reference is compared with: with repeats the mean (rounded) over
     * them; with several kernels those of the first kernel (the cross-kernel tables show each).
     */
    private Map<String, Map<String, Integer>> measuredByScenario() {
        String kernel = data.measured().isEmpty() ? null : data.measured().stream().map(c -> c.summary().kernel())
                .min(KernelRelease.ORDER).orElse(null);
        Map<String, List<Cell>> byScenario = data.measured().stream()
                .filter(c -> Objects.equals(c.summary().kernel(), kernel))
                .collect(Collectors.groupingBy(Cell::scenario, LinkedHashMap::new, Collectors.toList()));
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        byScenario.forEach((scenario, cells) -> {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (String cls : rules.classNames()) {
                m.put(cls, (int) Math.round(cells.stream().mapToInt(c -> c.summary().byClass() == null ? 0
                        : c.summary().byClass().getOrDefault(cls, 0)).average().orElse(0)));
            }
            m.put("total", (int) Math.round(cells.stream().mapToInt(c -> c.summary().functionsTotal()).average().orElse(0)));
            out.put(scenario, m);
        });
        return out;
    }

    /** "Order by total, ours: a (1) > b (2); paper: …" over the scenarios both have. */
    private static String order(Map<String, Map<String, Integer>> ours, Map<String, Map<String, Integer>> theirs) {
        List<String> common = ours.keySet().stream()
                .filter(s -> theirs.containsKey(s) && ours.get(s).containsKey("total") && theirs.get(s).containsKey("total"))
                .toList();
        Function<Map<String, Map<String, Integer>>, String> rank = m -> common.stream()
                .sorted(Comparator.comparing((String s) -> -m.get(s).get("total")))
                .map(s -> s + " (" + m.get(s).get("total") + ")")
                .collect(Collectors.joining(" > "));
        return common.size() < 2 ? "Order by total: fewer than two scenarios in common with the reference."
                : "Order by total, ours: " + rank.apply(ours) + "; reference: " + rank.apply(theirs) + ".";
    }

    /** Tables 2 and 3: per class (other than the default), how many of its functions contain each substring. */
    private List<Table> substrings() {
        List<Cell> cells = data.measured().stream().filter(c -> c.functions() != null).toList();
        List<String> classes = new ArrayList<>(rules.classNames());
        classes.remove(classes.size() - 1); // the default class has no substrings
        // The paper's tables in its order, then any other class in rule-file order (the sort is stable).
        classes.sort(Comparator.comparing((String c) -> !PAPER_TABLES.containsKey(c))
                .thenComparing(c -> PAPER_TABLES.getOrDefault(c, "")));
        List<Table> out = new ArrayList<>();
        for (String cls : classes) {
            List<String> cols = new ArrayList<>(List.of("substring"));
            cells.forEach(c -> cols.add(c.key()));
            Map<String, List<Object>> rows = new LinkedHashMap<>();
            List<Object> total = new ArrayList<>(List.of(cls + " class"));
            for (Cell c : cells) {
                List<String> inClass = c.functions().stream().filter(f -> rules.classify(f).equals(cls)).toList();
                rules.countBySubstring(inClass).get(cls).forEach((sub, n) ->
                        rows.computeIfAbsent(sub, k -> new ArrayList<>(List.of(k))).add(n));
                total.add(inClass.size());
            }
            List<List<Object>> body = new ArrayList<>(rows.values());
            if (!cells.isEmpty()) {
                body.add(total);
            }
            out.add(new Table("substrings_" + cls, PAPER_TABLES.getOrDefault(cls, "Table") + ": " + cls
                    + "-class functions per substring", cols, body, List.of(
                    "Counts the functions of the " + cls + " class whose name contains the substring; a name can "
                            + "contain several, so a column can add up to more than the class total (last row)."),
                    false));
        }
        return out;
    }

    /** Syscall entry points per cell, from the trace's outermost syscall-named calls of the traced tasks. */
    private Table syscalls() {
        List<Cell> cells = data.measured().stream().filter(c -> c.syscalls() != null).toList();
        TreeSet<String> names = new TreeSet<>();
        cells.forEach(c -> names.addAll(c.syscalls().calls().keySet()));
        List<String> cols = new ArrayList<>(List.of("syscall"));
        cells.forEach(c -> cols.add(c.key()));
        List<List<Object>> rows = new ArrayList<>();
        for (String n : names) {
            List<Object> row = new ArrayList<>(List.of(n));
            cells.forEach(c -> row.add(c.syscalls().calls().get(n)));
            rows.add(row);
        }
        if (!cells.isEmpty()) {
            List<Object> distinct = new ArrayList<>(List.of("distinct syscalls"));
            cells.forEach(c -> distinct.add(c.syscalls().calls().size()));
            rows.add(distinct);
        }
        List<String> notes = new ArrayList<>(List.of(
                "Calls entered during the traced window, per syscall: the outermost call of a traced task named "
                        + "__x64_sys_*, __ia32_sys_*, __do_sys_*, SyS_* or sys_* (dispatchers such as x64_sys_call "
                        + "are looked through). A syscall already in progress when tracing began has no entry here."));
        for (Cell c : cells) {
            if (!c.syscalls().insidePids().isEmpty()) {
                notes.add(c.key() + ": task(s) " + c.syscalls().insidePids() + " ran kernel code but entered no "
                        + "syscall: they were inside one since before tracing began (e.g. a vCPU thread in KVM_RUN).");
            }
            if (!c.syscalls().idlePids().isEmpty()) {
                notes.add(c.key() + ": traced task(s) " + c.syscalls().idlePids() + " did not run in the window.");
            }
        }
        return new Table("syscalls", "System calls entered per scenario", cols, rows, notes, false);
    }

    /** Kernel code reached: kallsyms sizes of the touched functions, per class, and the names kallsyms lacks. */
    private List<Table> codeSize() {
        KernelSymbols ks = data.kallsyms();
        if (ks == null) {
            return List.of();
        }
        List<String> cols = new ArrayList<>(List.of("scenario", "functions", "found", "not found", "bytes"));
        rules.classNames().forEach(c -> cols.add(c + " bytes"));
        List<List<Object>> rows = new ArrayList<>();
        List<List<Object>> notFound = new ArrayList<>();
        for (Cell c : data.measured()) {
            if (c.functions() == null) {
                continue;
            }
            Map<String, Long> byClass = new LinkedHashMap<>();
            rules.classNames().forEach(k -> byClass.put(k, 0L));
            int found = 0;
            for (String f : c.functions()) {
                KernelSymbols.Function fn = ks.function(f);
                if (fn == null) {
                    notFound.add(List.of(c.key(), f, rules.classify(f)));
                } else {
                    found++;
                    byClass.merge(rules.classify(f), fn.bytes(), Long::sum);
                }
            }
            long bytes = byClass.values().stream().mapToLong(Long::longValue).sum();
            List<Object> row = new ArrayList<>(List.of(c.key(), c.functions().size(), found,
                    c.functions().size() - found, bytes));
            row.addAll(byClass.values());
            rows.add(row);
        }
        List<String> notes = new ArrayList<>(List.of(
                "A function's size is the distance from its address to the next higher text symbol (t, T, W) of the "
                        + "same image (vmlinux or one module) in the guest's kallsyms; the last symbol of an image "
                        + "has no size. Symbols whose names normalise to one function name (foo, foo.isra.0, "
                        + "foo.cold) are summed.",
                "not found: functions kallsyms lacks, typically those of modules loaded after it was read "
                        + "(listed in the appendix)."));
        ks.vmlinuxText().ifPresent(b -> notes.add("For scale: vmlinux's text section (_stext to _etext) is " + b
                + " bytes; kallsyms names " + ks.functionCount() + " functions."));
        return List.of(
                new Table(CODE_SIZE, "Kernel code reached per scenario (bytes)", cols, rows, notes, false),
                new Table("code_size_not_found", "Functions not found in kallsyms",
                        List.of("scenario", "function", "class"), notFound, List.of(), true));
    }
}
