package hapmeter.report;

import hapmeter.analysis.ClassRules;
import hapmeter.analysis.Reference;
import hapmeter.image.KernelRelease;
import hapmeter.report.RunData.Cell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference's claims (tap < socket, qemu < kvm, …) checked on each kernel's counts, ours and
 * the reference's side by side; a claim that does not hold links the diff of its two scenarios,
 * the functions that make the difference.
 */
final class ClaimTables {
    static final String CLAIMS = "reference_claims";

    private ClaimTables() {
    }

    static List<Table> compute(RunData data, ClassRules rules, Reference reference) {
        Map<String, Map<String, Cell>> byKernel = new TreeMap<>(KernelRelease.ORDER); // kernel -> scenario -> first repeat
        for (Cell c : data.measured()) {
            byKernel.computeIfAbsent(c.summary().kernel(), k -> new LinkedHashMap<>()).putIfAbsent(c.scenario(), c);
        }
        List<List<Object>> rows = new ArrayList<>();
        List<Table> diffs = new ArrayList<>();
        byKernel.forEach((kernel, cells) -> {
            Map<String, Map<String, Integer>> measured = new LinkedHashMap<>();
            cells.forEach((scenario, c) -> {
                Map<String, Integer> m = new LinkedHashMap<>(c.summary().byClass());
                m.put("total", c.summary().functionsTotal());
                rules.classNames().forEach(cls -> m.putIfAbsent(cls, 0));
                measured.put(scenario, m);
            });
            for (Reference.ClaimCheck check : reference.check(measured)) {
                if (check.holds() == null) {
                    continue;
                }
                String diff = null;
                List<String> two = check.claim().scenarios();
                Cell a = cells.get(two.get(0));
                Cell b = cells.get(two.get(1));
                if (!check.holds() && a.functions() != null && b.functions() != null) {
                    Table d = CampaignTables.diff("claim_" + kernel + "_" + two.get(0) + "_vs_" + two.get(1),
                            "Why '" + check.claim().statement() + "' does not hold on " + kernel, two.get(0),
                            a.functions(), two.get(1), b.functions());
                    diffs.add(d);
                    diff = "tables/" + d.id() + ".csv";
                }
                rows.add(Arrays.asList(kernel, check.claim().statement(), check.ours(), check.theirs(),
                        check.holds() ? "holds" : "does not hold", diff));
            }
        });
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Table> out = new ArrayList<>();
        out.add(new Table(CLAIMS, "Reference: the paper's claims on our counts",
                List.of("kernel", "claim", "ours", reference.name(), "here", "diff"), rows,
                List.of("Each claim on each kernel's counts (the first repeat of each scenario). Where one does not "
                        + "hold, the diff lists the functions only one of its two scenarios reached."), false));
        out.addAll(diffs);
        return out;
    }
}
