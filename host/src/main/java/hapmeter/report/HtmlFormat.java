package hapmeter.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * report.html and diff pages: one self-contained page (inline CSS, charts as data: URIs), readable offline and
 * mailable.
 * After load, an inline script sets data-images-ok on body to whether every image decoded, for the browser test.
 */
final class HtmlFormat {
    private static final String CSS = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;
              max-width:1180px;margin:24px auto;padding:0 20px}
            h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd}
            h3{font-size:16px}
            dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 14px;font-size:14px}
            dl.facts dt{color:#666}dl.facts dd{margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace}
            .missing{background:#fff4e5;border:1px solid #f0b849;border-radius:6px;padding:4px 16px}
            table{border-collapse:collapse;margin:8px 0;font-size:14px}
            th,td{border:1px solid #ccc;padding:3px 9px}th{background:#f3f3f3;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even) td{background:#fafafa}
            td.na{color:#aaa;text-align:center}
            p.note{color:#555;font-size:13px;margin:4px 0;max-width:900px}
            figure{margin:8px 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            details summary{cursor:pointer;font-weight:600}
            """;
    private static final String IMAGES_OK_SCRIPT = "addEventListener('load',function(){var ok=true;"
            + "for(var i=0;i<document.images.length;i++){var m=document.images[i];"
            + "ok=ok&&m.complete&&m.naturalWidth>0;}document.body.setAttribute('data-images-ok',String(ok));});";

    private HtmlFormat() {
    }

    /** CHARTS: Figure 4 first (when something was measured), then the campaign's charts. */
    static String render(Report.Content c, List<Chart> charts) {
        return page("hapmeter report: " + c.title(), c.data().facts(), c.missing(),
                charts.stream().noneMatch(ch -> ch.id().equals(Figure4.ID))
                ? "<section id=\"figure4\">\n<h2>Figure 4</h2>\n<p>No measured scenario: no figure.</p>\n</section>\n"
                : "", charts, c.tables());
    }

    /**
     * A self-contained page: TITLE, FACTS as a definition list, MISSING (if any), the HTML fragment PREFACE, the
     * CHARTS as embedded PNGs, the TABLES (appendix tables folded at the end). A chart with the id of a main table
     * illustrates it and is drawn in that table's section instead.
     */
    static String page(String title, Map<String, String> facts, List<String> missing, String preface,
            List<Chart> charts, List<Table> tables) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n")
                .append("<script>").append(IMAGES_OK_SCRIPT).append("</script>\n")
                .append("</head>\n<body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n<dl class=\"facts\">\n");
        for (Map.Entry<String, String> f : facts.entrySet()) {
            sb.append("<dt>").append(esc(f.getKey())).append("</dt><dd>").append(esc(f.getValue())).append("</dd>\n");
        }
        sb.append("</dl>\n");
        if (!missing.isEmpty()) {
            sb.append("<section id=\"missing\" class=\"missing\">\n<h2>Missing</h2>\n<ul>\n");
            missing.forEach(m -> sb.append("<li>").append(esc(m)).append("</li>\n"));
            sb.append("</ul>\n</section>\n");
        }
        sb.append(preface);
        Map<String, Chart> inSection = Chart.inTableSections(charts, tables);
        for (Chart ch : charts) {
            if (!inSection.containsKey(ch.id())) {
                sb.append("<section id=\"").append(esc(ch.id())).append("\">\n<h2>").append(esc(ch.title()))
                        .append("</h2>\n");
                figure(sb, ch);
                sb.append("</section>\n");
            }
        }
        tables.stream().filter(t -> !t.appendix()).forEach(t -> table(sb, t, inSection.get(t.id())));
        List<Table> appendix = tables.stream().filter(Table::appendix).toList();
        if (!appendix.isEmpty()) {
            sb.append("<h2>Appendix</h2>\n");
            for (Table t : appendix) {
                sb.append("<details id=\"").append(esc(t.id())).append("\">\n<summary>").append(esc(t.title()))
                        .append(" (").append(t.rows().size()).append(")</summary>\n");
                tableBody(sb, t);
                sb.append("</details>\n");
            }
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void figure(StringBuilder sb, Chart ch) {
        sb.append("<figure><img id=\"").append(esc(ch.id())).append("-img\" width=\"").append(ch.width())
                .append("\" height=\"").append(ch.height()).append("\" alt=\"").append(esc(ch.title())).append("\" ")
                .append("src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(ch.png()))
                .append("\"></figure>\n");
    }

    /** Table T in its section, with CHART (or null) between the heading and the rows. */
    private static void table(StringBuilder sb, Table t, Chart chart) {
        sb.append("<section id=\"").append(esc(t.id())).append("\">\n<h2>").append(esc(t.title())).append("</h2>\n");
        if (chart != null) {
            figure(sb, chart);
        }
        tableBody(sb, t);
        sb.append("</section>\n");
    }

    private static void tableBody(StringBuilder sb, Table t) {
        if (t.rows().isEmpty()) {
            sb.append("<p>(none)</p>\n");
        } else {
            sb.append("<table>\n<thead><tr>");
            t.columns().forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
            sb.append("</tr></thead>\n<tbody>\n");
            for (List<Object> r : t.rows()) {
                sb.append("<tr>");
                for (Object v : r) {
                    sb.append(v == null ? "<td class=\"na\">–" : v instanceof Number ? "<td class=\"n\">" + esc(Table.text(v))
                            : "<td>" + esc(Table.text(v))).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }
        t.notes().forEach(n -> sb.append("<p class=\"note\">").append(esc(n)).append("</p>\n"));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
