package hapmeter.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** Functions per subsystem as one stacked bar per scenario, from the subsystems table. */
final class SubsystemChart {
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    private static final String OTHERS = "other subsystems";
    /** Distinct hues (Tableau 10 without its grey, and two more), one per subsystem shown. */
    private static final int[] PALETTE = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1,
        0xff9da7, 0x9c755f, 0x8cd17d, 0xd37295};
    /** More subsystems than colours are summed into one segment, or the legend outgrows the bars. */
    private static final int SHOWN = PALETTE.length;
    private static final Map<String, Color> GREYS = Map.of(SourceTables.NOT_IN_SOURCE, new Color(0xb0, 0xb0, 0xb0),
            hapmeter.source.Attribution.AMBIGUOUS_SUBSYSTEM, new Color(0xd8, 0xd8, 0xd8),
            OTHERS, new Color(0x80, 0x80, 0x80));

    private SubsystemChart() {
    }

    static Optional<Chart> of(Report.Content content) {
        Table t = content.table(SourceTables.SUBSYSTEMS);
        if (t == null || t.rows().isEmpty()) {
            return Optional.empty();
        }
        // Rows come largest first, the bracketed pseudo-subsystems last: keep the first SHOWN real ones.
        Map<String, List<Object>> segments = new LinkedHashMap<>();
        List<Object> others = null;
        int real = 0;
        for (List<Object> row : t.rows()) {
            String s = (String) row.get(0);
            if (s.startsWith("(") || real++ < SHOWN) {
                segments.put(s, row);
            } else {
                others = others == null ? new ArrayList<>(row) : add(others, row);
            }
        }
        if (others != null) {
            segments.put(OTHERS, others);
        }
        List<String> bars = Chart.barLabels(t.columns().subList(1, t.columns().size()));
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        segments.forEach((s, row) -> {
            for (int i = 0; i < bars.size(); i++) {
                ds.addValue((Number) row.get(i + 1), s, bars.get(i));
            }
        });
        JFreeChart chart = ChartFactory.createStackedBarChart("Functions per subsystem (source directory)",
                "scenario", "unique kernel functions", ds, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setOutlineVisible(false);
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.16);
        r.setDrawBarOutline(true);
        r.setDefaultOutlinePaint(Color.WHITE);
        for (int i = 0, hue = 0; i < ds.getRowCount(); i++) {
            String s = (String) ds.getRowKey(i);
            r.setSeriesPaint(i, GREYS.containsKey(s) ? GREYS.get(s) : new Color(PALETTE[hue++ % PALETTE.length]));
        }
        return Optional.of(Chart.of("figure-subsystems", "Functions per subsystem", chart, WIDTH, HEIGHT));
    }

    private static List<Object> add(List<Object> sum, List<Object> row) {
        for (int i = 1; i < sum.size(); i++) {
            sum.set(i, ((Number) sum.get(i)).longValue() + ((Number) row.get(i)).longValue());
        }
        return sum;
    }
}
