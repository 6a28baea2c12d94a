package hapmeter.report;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/** A rendered chart of the report: ID.png and ID.svg in the run directory, embedded in report.html. */
record Chart(String id, String title, int width, int height, byte[] png, byte[] svg) {

    /** Bar labels for cell KEYS: when all share one "kernel/" prefix, the bars do without it. */
    static List<String> barLabels(List<String> keys) {
        Set<String> prefixes = keys.stream().map(k -> k.contains("/") ? k.substring(0, k.indexOf('/') + 1) : "")
                .collect(Collectors.toSet());
        String common = prefixes.size() == 1 ? prefixes.iterator().next() : "";
        return keys.stream().map(k -> k.substring(common.length())).toList();
    }

    /**
     * The CHARTS that share their id with a main (non-appendix) table of TABLES, by that id: they illustrate that
     * table and the formats draw them in its section (the Throughput table and throughput.png).
     */
    static Map<String, Chart> inTableSections(List<Chart> charts, List<Table> tables) {
        Set<String> ids = tables.stream().filter(t -> !t.appendix()).map(Table::id).collect(Collectors.toSet());
        return charts.stream().filter(ch -> ids.contains(ch.id())).collect(Collectors.toMap(Chart::id, ch -> ch));
    }

    /** Grouped bars of DS's means with ± sd error bars (nabla-measurements' style): a series per row key. */
    static JFreeChart meanSdBars(DefaultStatisticalCategoryDataset ds, String title, String xLabel, String yLabel) {
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setDrawBarOutline(false);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new StandardBarPainter());
        CategoryPlot plot = new CategoryPlot(ds, new CategoryAxis(xLabel), new NumberAxis(yLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    static Chart of(String id, String title, JFreeChart chart, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            // Without getSVGDocument's DOCTYPE: an XML tool would try to fetch the DTD, which fails offline.
            byte[] svg = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            return new Chart(id, title, width, height, out.toByteArray(), svg);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }
}
