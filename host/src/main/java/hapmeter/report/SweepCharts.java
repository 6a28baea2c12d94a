package hapmeter.report;

import hapmeter.image.KernelRelease;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The sweep's trend charts, one per scenario (the chart of the table {@code sweep_trend_SCENARIO}, drawn in its
 * section): kernels in version order along x, short-named and turned upright when there are many; the total and each
 * class as lines through the medians, with min-max whiskers where a kernel has repeats that differ.
 */
final class SweepCharts {
    private static final int HEIGHT = 520;
    /** Above this many kernels the axis labels are drawn upright, so that 20 and more stay legible. */
    private static final int FLAT_LABELS = 8;

    private SweepCharts() {
    }

    static List<Chart> of(Report.Content content) {
        List<Chart> charts = new ArrayList<>();
        content.tables().stream().filter(t -> t.id().startsWith(SweepTables.TREND))
                .forEach(t -> charts.add(trend(t, content.classes())));
        return charts;
    }

    private static Chart trend(Table t, List<String> classes) {
        List<String> measures = new ArrayList<>(List.of("total"));
        measures.addAll(classes);
        YIntervalSeriesCollection ds = new YIntervalSeriesCollection();
        for (String m : measures) {
            YIntervalSeries s = new YIntervalSeries(m);
            int col = t.columns().indexOf(m);
            for (int i = 0; i < t.rows().size(); i++) {
                List<Object> r = t.rows().get(i);
                s.add(i, ((Number) r.get(col)).doubleValue(), ((Number) r.get(col + 1)).doubleValue(),
                        ((Number) r.get(col + 2)).doubleValue());
            }
            ds.addSeries(s);
        }
        String[] labels = t.rows().stream().map(r -> KernelRelease.shortName((String) r.get(0))).toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("kernel", labels);
        x.setVerticalTickLabels(labels.length > FLAT_LABELS);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("unique kernel functions (median; whiskers min-max)");
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setCapLength(8);
        r.setErrorStroke(new BasicStroke(1.5f));
        for (int i = 0; i < measures.size(); i++) {
            r.setSeriesPaint(i, i == 0 ? Color.BLACK : Figure4.COLORS.getOrDefault(measures.get(i),
                    Color.getHSBColor(i * 0.27f, 0.5f, 0.8f)));
            r.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.5f : 1.8f));
        }
        r.setErrorPaint(null); // each whisker in its series' colour
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setDomainGridlinePaint(new Color(0xee, 0xee, 0xee));
        plot.setOutlineVisible(false);
        String scenario = t.id().substring(SweepTables.TREND.length());
        JFreeChart chart = new JFreeChart(scenario + " across kernels", new Font(Font.SANS_SERIF, Font.BOLD, 18), plot,
                true);
        chart.addSubtitle(new TextTitle(labels.length + " kernels in version order; " + labels[0] + " to "
                + labels[labels.length - 1], new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        chart.setBackgroundPaint(Color.WHITE);
        return Chart.of(t.id(), t.title(), chart, Math.max(900, 120 + 40 * labels.length), HEIGHT);
    }
}
