package hapmeter.report;

import java.util.List;
import java.util.stream.Collectors;

/** tables/ID.csv: RFC 4180 (comma, CRLF, quotes doubled), a header row, no notes. */
final class CsvFormat {
    private CsvFormat() {
    }

    static String render(Table t) {
        StringBuilder sb = new StringBuilder();
        line(sb, t.columns());
        t.rows().forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<?> cells) {
        sb.append(cells.stream().map(v -> field(Table.text(v))).collect(Collectors.joining(","))).append("\r\n");
    }

    private static String field(String s) {
        boolean quote = s.chars().anyMatch(ch -> ch == '"' || ch == ',' || ch == '\r' || ch == '\n');
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
