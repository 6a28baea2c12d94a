package hapmeter.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One table of the report as data; every output format (Markdown, HTML, CSV, JSON, charts) renders these.
 *
 * @param id       file name stem (tables/ID.csv) and anchor
 * @param title    heading, e.g. "Table 1: unique kernel functions per scenario"
 * @param columns  column headings
 * @param rows     cells: String, Integer, Long, Double (a ratio) or null (no value)
 * @param notes    sentences that say how to read it
 * @param appendix long detail lists, shown after the main tables
 */
public record Table(String id, String title, List<String> columns, List<List<Object>> rows, List<String> notes,
        boolean appendix) {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList(); // rows hold nulls
        notes = List.copyOf(notes);
    }

    /** A value as text: ratios with two decimals, no value as the empty string. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        return v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : v.toString();
    }
}
