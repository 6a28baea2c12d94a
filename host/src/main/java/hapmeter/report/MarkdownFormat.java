package hapmeter.report;

import java.util.List;
import java.util.Map;

/** report.md: the same sections as the HTML page, with Figure 4 as a link to figure4.png beside it. */
final class MarkdownFormat {
    private MarkdownFormat() {
    }

    /** CHARTS: Figure 4 first (when something was measured), then the campaign's charts, as links to their PNGs. */
    static String render(Report.Content c, List<Chart> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("# hapmeter report: ").append(c.title()).append("\n\n");
        for (Map.Entry<String, String> f : c.data().facts().entrySet()) {
            sb.append("- **").append(f.getKey()).append("**: ").append(escape(f.getValue())).append('\n');
        }
        sb.append('\n');
        if (!c.missing().isEmpty()) {
            sb.append("## Missing\n\n");
            c.missing().forEach(m -> sb.append("- ").append(escape(m)).append('\n'));
            sb.append('\n');
        }
        if (charts.stream().noneMatch(ch -> ch.id().equals(Figure4.ID))) {
            sb.append("## Figure 4\n\nNo measured scenario: no figure.\n\n");
        }
        body(sb, charts, c.tables());
        return sb.toString();
    }

    /** A page of its own (perf.md): TITLE, then CHARTS and TABLES as in the report. */
    static String page(String title, List<Chart> charts, List<Table> tables) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        body(sb, charts, tables);
        return sb.toString();
    }

    /** The charts as links to their PNGs, then the tables; a chart with a main table's id goes in that table's section. */
    private static void body(StringBuilder sb, List<Chart> charts, List<Table> tables) {
        Map<String, Chart> inSection = Chart.inTableSections(charts, tables);
        charts.stream().filter(ch -> !inSection.containsKey(ch.id())).forEach(ch -> {
            sb.append("## ").append(ch.title()).append("\n\n");
            figure(sb, ch);
        });
        tables.stream().filter(t -> !t.appendix()).forEach(t -> table(sb, "##", t, inSection.get(t.id())));
        List<Table> appendix = tables.stream().filter(Table::appendix).toList();
        if (!appendix.isEmpty()) {
            sb.append("## Appendix\n\n");
            appendix.forEach(t -> table(sb, "###", t, null));
        }
    }

    private static void figure(StringBuilder sb, Chart ch) {
        sb.append("![").append(ch.title()).append("](").append(ch.id()).append(".png)\n\n");
    }

    /** Table T under a LEVEL heading, with CHART (or null) between the heading and the rows. */
    private static void table(StringBuilder sb, String level, Table t, Chart chart) {
        sb.append(level).append(' ').append(t.title()).append("\n\n");
        if (chart != null) {
            figure(sb, chart);
        }
        if (t.rows().isEmpty()) {
            sb.append("(none)\n\n");
        } else {
            row(sb, t.columns());
            sb.append('|');
            for (int i = 0; i < t.columns().size(); i++) {
                sb.append(numeric(t, i) ? " ---: |" : " --- |");
            }
            sb.append('\n');
            t.rows().forEach(r -> row(sb, r));
            sb.append('\n');
        }
        t.notes().forEach(n -> sb.append(escape(n)).append("\n\n"));
    }

    private static void row(StringBuilder sb, List<?> cells) {
        sb.append('|');
        cells.forEach(v -> sb.append(' ').append(escape(Table.text(v))).append(" |"));
        sb.append('\n');
    }

    /** Right-aligned when every value of the column is a number. */
    private static boolean numeric(Table t, int col) {
        return t.rows().stream().map(r -> r.get(col)).allMatch(v -> v == null || v instanceof Number);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replace("<", "&lt;");
    }
}
