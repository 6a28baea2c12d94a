package hapmeter.cli;

import hapmeter.analysis.Reference;
import hapmeter.analysis.SetStats;
import hapmeter.campaign.Campaign;
import hapmeter.results.Summary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text table printed at the end of a run, with the reference's ratios beside ours. 'backlog' is the
 * context-dependent figure (the socket backlog's receive work counted); 'noisy': the idle windows before and after
 * the request differed. With repeats, each scenario's median and range follow.
 */
final class Tables {
    private Tables() {
    }

    static String summary(Campaign.Result r, Reference ref) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %8s %8s %8s %8s %8s %8s %8s %8s %8s%n", "cell", "total", "virt", "network", "other",
                "raw", "backlog", "idle", "bytes", "noisy"));
        Map<String, Map<String, Integer>> measured = new LinkedHashMap<>();
        Map<String, List<Integer>> totals = new LinkedHashMap<>();
        for (Campaign.CellOutcome c : r.cells()) {
            Summary s = c.summary();
            if (s == null) {
                sb.append(String.format("%-12s %s: %s%n", c.cell().path(), c.state().toUpperCase(), c.error()));
                continue;
            }
            sb.append(String.format("%-12s %8d %8d %8d %8d %8d %8d %8d %8d %8s%n", c.cell().path(), s.functionsTotal(),
                    s.byClass().getOrDefault("virtualization", 0), s.byClass().getOrDefault("network", 0),
                    s.byClass().getOrDefault("other", 0), s.functionsRaw(), s.functionsWithBacklog(),
                    s.idle().functionsTotal(), s.bytesReceived(), s.idleNoise().noisy() ? "yes" : "-"));
            totals.computeIfAbsent(s.kernel() + " " + s.scenario(), k -> new ArrayList<>()).add(s.functionsTotal());
            // The reference compares scenarios; with repeats or kernels, the first cell of each stands for it.
            Map<String, Integer> m = new LinkedHashMap<>(s.byClass());
            m.put("total", s.functionsTotal());
            measured.putIfAbsent(s.scenario(), m);
        }
        totals.forEach((scenario, t) -> {
            if (t.size() > 1) {
                sb.append(String.format("%s: median %.0f over %d repeats (%d to %d)%n", scenario, SetStats.median(t),
                        t.size(), Collections.min(t), Collections.max(t)));
            }
        });
        for (Reference.Comparison c : ref.compare(measured)) {
            sb.append(String.format("%-24s %6.2f   (%s: %s)%n", c.label(), c.ours(), ref.name(),
                    c.theirs() == null ? "n/a" : String.format("%.2f", c.theirs())));
        }
        for (Reference.ClaimCheck c : ref.check(measured)) {
            if (c.holds() != null) {
                sb.append(String.format("claim: %s: %s (%s; %s: %s)%n", c.claim().statement(),
                        c.holds() ? "holds" : "DOES NOT HOLD", c.ours(), ref.name(), c.theirs()));
            }
        }
        return sb.toString().stripTrailing();
    }
}
