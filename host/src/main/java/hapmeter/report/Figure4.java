package hapmeter.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/** The paper's Figure 4: one stacked bar per measured scenario, split by class, drawn by JFreeChart. */
final class Figure4 {
    /** The chart's id: figure4.png/svg, and the report's section. */
    static final String ID = "figure4";
    static final int WIDTH = 900;
    static final int HEIGHT = 540;
    /** The paper's classes' colours, shared by the charts that draw classes. */
    static final Map<String, Color> COLORS = Map.of(
            "virtualization", new Color(0xd6, 0x27, 0x28),
            "network", new Color(0x1f, 0x77, 0xb4),
            "other", new Color(0xb0, 0xb0, 0xb0));

    private final JFreeChart chart;

    private Figure4(JFreeChart chart) {
        this.chart = chart;
    }

    /** From Table 1 (columns "scenario", "total" and one per class); null when no cell was measured. */
    static Figure4 of(Table counts, List<String> classes, String subtitle) {
        int scenarioCol = counts.columns().indexOf("scenario");
        int totalCol = counts.columns().indexOf("total");
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<String> labels = Chart.barLabels(counts.rows().stream().map(r -> (String) r.get(scenarioCol)).toList());
        for (int i = 0; i < counts.rows().size(); i++) {
            List<Object> row = counts.rows().get(i);
            if (row.get(totalCol) == null) {
                continue; // failed or skipped
            }
            String bar = labels.get(i) + " (" + row.get(totalCol) + ")";
            for (String cls : classes) {
                Object v = row.get(counts.columns().indexOf(cls));
                ds.addValue(v == null ? 0 : ((Number) v).intValue(), cls, bar);
            }
        }
        return ds.getColumnCount() == 0 ? null : new Figure4(chart(ds, subtitle));
    }

    private static JFreeChart chart(CategoryDataset ds, String subtitle) {
        JFreeChart chart = ChartFactory.createStackedBarChart(
                "Figure 4: unique kernel functions one wget touched, by class", "scenario (total)",
                "unique kernel functions", ds, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        }
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        CategoryAxis x = plot.getDomainAxis();
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        x.setCategoryMargin(0.35);
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter()); // flat fills, no gradient or shadow
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.16); // a run with two measured scenarios should not draw slabs
        r.setDrawBarOutline(true);
        r.setDefaultOutlinePaint(Color.WHITE);
        for (int i = 0; i < ds.getRowCount(); i++) {
            Color c = COLORS.getOrDefault((String) ds.getRowKey(i), Color.getHSBColor(i * 0.27f, 0.5f, 0.8f));
            r.setSeriesPaint(i, c);
            // Labels readable on both dark and light fills (perceived brightness, ITU-R BT.601 weights).
            r.setSeriesItemLabelPaint(i, c.getRed() * 299 + c.getGreen() * 587 + c.getBlue() * 114 < 150_000
                    ? Color.WHITE : Color.BLACK);
        }
        // The count inside each segment; none for empty segments, whose labels would pile up.
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset d, int row, int column) {
                Number v = d.getValue(row, column);
                return v == null || v.intValue() == 0 ? null : String.valueOf(v.intValue());
            }
        });
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.CENTER, TextAnchor.CENTER));
        return chart;
    }

    Chart chart() {
        return Chart.of(ID, "Figure 4", chart, WIDTH, HEIGHT);
    }
}
