package hapmeter.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Charts of the campaign tables: totals with error bars over repeats, and steady-state saturation curves. */
final class CampaignCharts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;

    private CampaignCharts() {
    }

    static List<Chart> of(Report.Content content) {
        List<Chart> charts = new ArrayList<>();
        Table stability = content.table(CampaignTables.STABILITY);
        if (stability != null && !stability.rows().isEmpty()) {
            charts.add(repeats(stability));
        }
        Table steady = content.table(CampaignTables.STEADY);
        if (steady != null && !steady.rows().isEmpty()) {
            charts.add(saturation(steady));
        }
        return charts;
    }

    /** Mean total per scenario with ± one standard deviation, one series per kernel (nabla-measurements' style). */
    private static Chart repeats(Table t) {
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        int mean = t.columns().indexOf("mean");
        int sd = t.columns().indexOf("sd");
        for (List<Object> r : t.rows()) {
            ds.add((Double) r.get(mean), (Double) r.get(sd), (String) r.get(0), r.get(1) + " (n=" + r.get(2) + ")");
        }
        JFreeChart chart = Chart.meanSdBars(ds, "Totals over repeats", "scenario",
                "unique kernel functions (mean ± sd)");
        return Chart.of("figure-repeats", "Totals over repeats, with error bars", chart, WIDTH, HEIGHT);
    }

    /** Cumulative unique functions after each round, one line per cell. */
    private static Chart saturation(Table t) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (List<Object> r : t.rows()) {
            XYSeries s = new XYSeries((String) r.get(0));
            int sum = 0;
            int round = 0;
            for (String n : ((String) r.get(2)).split(" ")) {
                sum += Integer.parseInt(n);
                s.add(++round, sum);
            }
            ds.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Steady state: saturation curve", "request round",
                "unique kernel functions so far", ds, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        chart.getXYPlot().setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return Chart.of("figure-steady", "Steady state: saturation curve", chart, WIDTH, HEIGHT);
    }
}
