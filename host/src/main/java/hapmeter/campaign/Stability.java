package hapmeter.campaign;

import hapmeter.results.RunLayout;
import hapmeter.HapmeterException;
import hapmeter.analysis.ClassRules;
import hapmeter.analysis.SetStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * stability.json: for every kernel and scenario with two or more finished repeats, the spread of
 * the counts (median, mean, sd, min, max of the total, the classes, the context-dependent figure
 * with the socket backlog, and the idle total), the pairwise Jaccard similarity of the function
 * sets, the sizes of their union and intersection, and which functions every repeat reached
 * ("always") and which only some did ("sometimes", with in how many).
 */
final class Stability {
    private Stability() {
    }

    static void write(RunLayout layout, List<Campaign.CellOutcome> outcomes, ClassRules rules) {
        Map<String, List<Campaign.CellOutcome>> groups = new LinkedHashMap<>();
        for (Campaign.CellOutcome o : outcomes) {
            if (o.summary() != null) {
                groups.computeIfAbsent(o.cell().kernel() + "/" + o.cell().scenario(), k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Campaign.CellOutcome>> g : groups.entrySet()) {
            List<Campaign.CellOutcome> cells = g.getValue();
            if (cells.size() < 2) {
                continue;
            }
            List<TreeSet<String>> sets = new ArrayList<>();
            for (Campaign.CellOutcome o : cells) {
                Path f = layout.cell(o.cell().path()).resolve("functions.txt");
                try {
                    sets.add(new TreeSet<>(Files.readAllLines(f)));
                } catch (IOException e) {
                    throw new HapmeterException("cannot read " + f + ": " + e.getMessage(), e);
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("kernel", cells.get(0).cell().kernel());
            s.put("scenario", cells.get(0).cell().scenario());
            s.put("reps", cells.stream().map(o -> o.cell().rep()).toList());
            List<Integer> totals = cells.stream().map(o -> o.summary().functionsTotal()).toList();
            s.put("functions_total_median", SetStats.median(totals));
            s.put("functions_total", SetStats.summarize(totals));
            s.put("functions_with_backlog",
                    SetStats.summarize(cells.stream().map(o -> o.summary().functionsWithBacklog()).toList()));
            Map<String, Object> byClass = new LinkedHashMap<>();
            for (String c : rules.classNames()) {
                byClass.put(c, SetStats.summarize(cells.stream().map(o -> o.summary().byClass().getOrDefault(c, 0)).toList()));
            }
            s.put("by_class", byClass);
            s.put("idle_total", SetStats.summarize(cells.stream().map(o -> o.summary().idle().functionsTotal()).toList()));
            List<Double> jaccard = SetStats.pairwiseJaccard(sets);
            s.put("jaccard_pairwise", jaccard);
            s.put("jaccard", SetStats.summarize(jaccard));
            // Every function of the union with the number of repeats that reached it: always, sometimes, and
            // the union's and intersection's sizes all follow from it.
            Map<String, Integer> presence = SetStats.presence(sets);
            List<String> always = presence.entrySet().stream().filter(e -> e.getValue() == sets.size())
                    .map(Map.Entry::getKey).toList();
            Map<String, Integer> sometimes = new LinkedHashMap<>();
            presence.forEach((f, n) -> {
                if (n < sets.size()) {
                    sometimes.put(f, n);
                }
            });
            s.put("union", presence.size());
            s.put("intersection", always.size());
            s.put("always", always);
            s.put("sometimes", sometimes);
            out.put(g.getKey(), s);
        }
        if (!out.isEmpty()) {
            RunLayout.writeJson(layout.dir().resolve("stability.json"), out);
        }
    }
}
