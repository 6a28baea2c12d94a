package hapmeter.report;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import hapmeter.analysis.ClassRules;
import hapmeter.analysis.FunctionDiff;
import hapmeter.analysis.Reference;
import hapmeter.image.KernelRelease;
import hapmeter.results.Summary;
import hapmeter.report.RunData.Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Tables about the measurement itself, beyond the paper: the idle control, run-to-run stability,
 * the steady-state rounds, and the comparison across kernels with its diff lists. Each appears
 * only when the run has the data (idle: always; stability: repeats; steady: --until-steady;
 * cross-kernel: several kernels).
 */
final class CampaignTables {
    static final String STABILITY = "stability";
    static final String STEADY = "steady_state";

    private CampaignTables() {
    }

    static List<Table> compute(RunData data, ClassRules rules, Reference reference, List<String> missing) {
        List<Table> out = new ArrayList<>();
        idle(data).ifPresent(out::add);
        stability(data, missing, out);
        steady(data).ifPresent(out::add);
        crossKernel(data, rules, reference, out);
        return out;
    }

    private static Optional<Table> idle(RunData data) {
        List<List<Object>> rows = new ArrayList<>();
        for (Cell c : data.measured()) {
            Summary s = c.summary();
            if (s.idle() != null) {
                // Cells recorded before the idle window after the request have no second window.
                Summary.Idle after = s.idleAfter();
                Summary.IdleNoise noise = s.idleNoise();
                rows.add(Arrays.asList(c.key(), s.functionsTotal(), s.idle().functionsTotal(),
                        after == null ? null : after.functionsTotal(), s.functionsBeyondIdle(), s.idle().waitS(),
                        after == null ? null : after.waitS(), noise == null ? null
                                : noise.noisy() ? "noisy: " + moved(noise) : "no"));
            }
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(new Table("idle_control",
                "Noise floor: the idle control windows", List.of("cell", "total", "idle before", "idle after",
                        "beyond idle", "before s", "after s", "idle windows differ"),
                rows, List.of("Each idle window is armed exactly like the measured one, on the same warm server, with "
                        + "no request: before the request for as long as a warm-up request took, after it for exactly "
                        + "as long as the request window was. 'beyond idle' counts the request's functions that "
                        + "neither idle window recorded: what idle alone cannot explain. When the two idle windows "
                        + "differ, something ran beside the request that it did not cause: the functions that moved "
                        + "are named (- only before, + only after)."), false));
    }

    private static String moved(Summary.IdleNoise noise) {
        List<String> moved = new ArrayList<>();
        noise.onlyBefore().forEach(f -> moved.add("-" + f));
        noise.onlyAfter().forEach(f -> moved.add("+" + f));
        return moved.size() <= 6 ? String.join(" ", moved)
                : String.join(" ", moved.subList(0, 6)) + " … (" + moved.size() + " functions)";
    }

    private static void stability(RunData data, List<String> missing, List<Table> out) {
        Path file = data.dir().resolve("stability.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            missing.add("stability.json: unreadable (" + e.getMessage() + ")");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        List<Table> sometimes = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            JsonNode t = s.get("functions_total");
            JsonNode median = s.get("functions_total_median");
            JsonNode always = s.get("always");
            JsonNode some = s.get("sometimes");
            rows.add(Arrays.asList(s.get("kernel").asText(), s.get("scenario").asText(), t.get("n").asInt(),
                    median == null ? null : median.asDouble(), t.get("mean").asDouble(), t.get("sd").asDouble(),
                    t.get("min").asInt(), t.get("max").asInt(), s.get("jaccard").get("min").asDouble(), always == null ? null : always.size(),
                    some == null ? null : some.size()));
            if (some != null && some.size() > 0) {
                List<List<Object>> fs = new ArrayList<>();
                some.fields().forEachRemaining(f -> fs.add(List.of(f.getKey(), f.getValue().asInt(), t.get("n").asInt())));
                String id = ("sometimes_" + s.get("kernel").asText() + "_" + s.get("scenario").asText())
                        .replaceAll("[^A-Za-z0-9_.-]", "_");
                sometimes.add(new Table(id, "Sometimes: " + s.get("scenario").asText() + " on " + s.get("kernel").asText(),
                        List.of("function", "repeats", "of"), fs, List.of("Functions only some repeats reached."), true));
            }
        });
        out.add(new Table(STABILITY, "Run-to-run stability (repeats)", List.of("kernel", "scenario", "n", "median",
                "mean", "sd", "min", "max", "jaccard min", "always", "sometimes"), rows,
                List.of("Totals over the repeats of each scenario (with --fresh-boot, over boots); the Jaccard "
                        + "similarity of the function sets of the least similar pair of repeats; 'always': functions "
                        + "every repeat reached, 'sometimes': functions only some did (listed per scenario). Also in "
                        + "stability.json."), false));
        out.addAll(sometimes);
    }

    private static Optional<Table> steady(RunData data) {
        List<List<Object>> rows = new ArrayList<>();
        for (Cell c : data.measured()) {
            Summary.Steady st = c.summary().steady();
            if (st != null) {
                rows.add(List.of(c.key(), st.newPerRound().size(), st.newPerRound().stream().map(String::valueOf)
                        .collect(Collectors.joining(" ")), st.reached() ? "yes" : "no (max rounds)",
                        c.summary().functionsTotal()));
            }
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(new Table(STEADY,
                "Steady state: new functions per request round", List.of("cell", "rounds", "new per round", "steady",
                        "union"), rows, List.of("--until-steady K: rounds go on until K rounds in a row add no "
                        + "function (Bottomley's steady state of the horizontal attack profile)."), false));
    }

    /** Counts per scenario per kernel, the reference's ratios per kernel, and diff lists between kernels. */
    private static void crossKernel(RunData data, ClassRules rules, Reference reference, List<Table> out) {
        Map<String, Map<String, Cell>> byScenario = new LinkedHashMap<>(); // scenario -> kernel -> first repeat
        TreeSet<String> kernels = new TreeSet<>(KernelRelease.ORDER);
        for (Cell c : data.measured()) {
            kernels.add(c.summary().kernel());
            byScenario.computeIfAbsent(c.scenario(), k -> new LinkedHashMap<>()).putIfAbsent(c.summary().kernel(), c);
        }
        if (kernels.size() < 2) {
            return;
        }
        String base = kernels.first();
        List<String> cols = new ArrayList<>(List.of("scenario", "kernel", "total"));
        cols.addAll(rules.classNames());
        cols.addAll(List.of("vs " + base, "diff list"));
        List<List<Object>> rows = new ArrayList<>();
        List<Table> diffs = new ArrayList<>();
        byScenario.forEach((scenario, perKernel) -> {
            Cell first = perKernel.get(base);
            for (String k : kernels) {
                Cell c = perKernel.get(k);
                if (c == null) {
                    continue;
                }
                List<Object> row = new ArrayList<>(List.of(scenario, k, c.summary().functionsTotal()));
                rules.classNames().forEach(cls -> row.add(c.summary().byClass().getOrDefault(cls, 0)));
                row.add(first == null || k.equals(base) ? null
                        : (double) c.summary().functionsTotal() / first.summary().functionsTotal());
                if (first != null && !k.equals(base) && first.functions() != null && c.functions() != null) {
                    Table d = diff(scenario, base, first.functions(), k, c.functions());
                    diffs.add(d);
                    row.add("tables/" + d.id() + ".csv");
                } else {
                    row.add(null);
                }
                rows.add(row);
            }
        });
        out.add(new Table("cross_kernel", "Across kernels: counts per scenario per kernel", cols, rows,
                List.of("The first repeat of each scenario on each kernel; 'vs " + base + "' is the ratio of totals. "
                        + "The diff lists name the functions only one of the two kernels reached."), false));
        List<List<Object>> ratioRows = new ArrayList<>();
        for (String k : kernels) {
            Map<String, Map<String, Integer>> measured = new LinkedHashMap<>();
            byScenario.forEach((scenario, perKernel) -> {
                Cell c = perKernel.get(k);
                if (c != null) {
                    Map<String, Integer> m = new LinkedHashMap<>(c.summary().byClass());
                    m.put("total", c.summary().functionsTotal());
                    measured.put(scenario, m);
                }
            });
            for (Reference.Comparison r : reference.compare(measured)) {
                ratioRows.add(Arrays.asList(r.label(), k, r.ours(), r.theirs()));
            }
        }
        out.add(new Table("cross_kernel_ratios", "Across kernels: the paper's ratios per kernel",
                List.of("ratio", "kernel", "ours", reference.name()), ratioRows,
                List.of("How the ratios move from kernel to kernel is the finding; absolute counts shift with the "
                        + "kernel's code and configuration."), false));
        out.addAll(diffs);
    }

    private static Table diff(String scenario, String a, List<String> fa, String b, List<String> fb) {
        return diff("diff_" + scenario + "_" + a + "_vs_" + b, "Diff " + scenario + ": " + a + " vs " + b, a, fa, b, fb);
    }

    /** The functions only A's list has and those only B's has: a table of its own, with the counts in its note. */
    static Table diff(String id, String title, String a, List<String> fa, String b, List<String> fb) {
        FunctionDiff d = FunctionDiff.of(fa, fb);
        List<List<Object>> rows = new ArrayList<>();
        d.onlyA().forEach(f -> rows.add(List.of(f, "only " + a)));
        d.onlyB().forEach(f -> rows.add(List.of(f, "only " + b)));
        return new Table(id.replaceAll("[^A-Za-z0-9_.-]", "_"), title, List.of("function", "where"), rows,
                List.of(d.onlyA().size() + " only in " + a + ", " + d.onlyB().size() + " only in " + b + "."), true);
    }
}
