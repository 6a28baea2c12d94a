package hapmeter.report;

import java.util.List;

/** A table as plain text for a terminal: title, aligned columns (numbers right-aligned), notes. */
final class TextFormat {
    private TextFormat() {
    }

    static String render(Table t) {
        int[] width = new int[t.columns().size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = t.columns().get(i).length();
            for (List<Object> r : t.rows()) {
                width[i] = Math.max(width[i], Table.text(r.get(i)).length());
            }
        }
        StringBuilder sb = new StringBuilder(t.title()).append('\n');
        if (t.rows().isEmpty()) {
            sb.append("  (none)\n");
        } else {
            line(sb, t.columns(), width, false);
            t.rows().forEach(r -> line(sb, r, width, true));
        }
        t.notes().forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<?> cells, int[] width, boolean alignNumbers) {
        StringBuilder line = new StringBuilder(" ");
        for (int i = 0; i < cells.size(); i++) {
            String v = Table.text(cells.get(i));
            String pad = " ".repeat(width[i] - v.length());
            line.append(' ').append(alignNumbers && cells.get(i) instanceof Number ? pad + v : v + pad).append(' ');
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
