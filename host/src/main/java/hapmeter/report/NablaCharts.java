package hapmeter.report;

import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * nabla-measurements' two graphs on our cells (graph-functions.png, graph-complexity.png): applications as groups,
 * a bar per isolation row, mean ± sd over the repeats; from the first kernel of {@link NablaTables#STATS}.
 */
final class NablaCharts {
    static final String FUNCTIONS = "nabla_functions";
    static final String COMPLEXITY = "nabla_complexity";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private NablaCharts() {
    }

    static List<Chart> of(Report.Content content) {
        Table t = content.table(NablaTables.STATS);
        if (t == null) {
            return List.of();
        }
        String kernel = (String) t.rows().get(0).get(0);
        List<List<Object>> grid = t.rows().stream()
                .filter(r -> r.get(0).equals(kernel) && !r.get(2).equals(NablaTables.NO_ROW)).toList();
        List<Chart> out = new ArrayList<>();
        out.add(chart(FUNCTIONS, "Unique kernel functions per application and row", "unique kernel functions",
                grid, t.columns().indexOf("functions mean"), kernel));
        int complexity = t.columns().indexOf("complexity mean");
        if (grid.stream().anyMatch(r -> r.get(complexity) != null)) {
            out.add(chart(COMPLEXITY, "GNU complexity of those functions per application and row",
                    "GNU complexity sum", grid, complexity, kernel));
        }
        return out;
    }

    /** Grid rows of the stats table: the mean at column MEAN, its sd in the next. */
    private static Chart chart(String id, String title, String measure, List<List<Object>> grid, int mean,
            String kernel) {
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        for (List<Object> r : grid) {
            if (r.get(mean) != null) {
                ds.add((Double) r.get(mean), (Double) r.get(mean + 1), (String) r.get(2), (String) r.get(3));
            }
        }
        JFreeChart chart = Chart.meanSdBars(ds, title, "application", measure + " (mean ± sd)");
        chart.addSubtitle(new TextTitle("kernel " + kernel + "; rows as in nabla-measurements' graphs"));
        return Chart.of(id, title + " (nabla-measurements' graph)", chart, WIDTH, HEIGHT);
    }
}
