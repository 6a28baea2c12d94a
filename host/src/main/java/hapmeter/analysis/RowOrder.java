package hapmeter.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The order a measure puts rows in, as text, and whether one source's pairwise orders hold in another's. */
public final class RowOrder {
    private RowOrder() {
    }

    /** "a (500) > b (330) = c (330)", largest first (ties in the map's order). */
    public static String text(Map<String, Double> values) {
        List<String> rows = sorted(values);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                sb.append(values.get(rows.get(i - 1)).equals(values.get(rows.get(i))) ? " = " : " > ");
            }
            sb.append(rows.get(i)).append(" (").append(String.format(Locale.ROOT, "%.0f", values.get(rows.get(i))))
                    .append(')');
        }
        return sb.toString();
    }

    /** One ordered pair of THEIRS (LARGER above SMALLER) checked on OURS; HOLDS null when THEIRS cannot order it. */
    public record Pair(String larger, String smaller, Boolean holds) {
        @Override
        public String toString() {
            return holds == null ? larger + " ≈ " + smaller + ": too close to order"
                    : larger + " > " + smaller + ": " + (holds ? "holds" : "does not hold");
        }
    }

    /**
     * Every pair of the rows both maps have, in THEIRS' order; a pair THEIRS has within 2 x ERROR of each other
     * (two readings off by ERROR each) is not ordered.
     */
    public static List<Pair> pairs(Map<String, Double> theirs, Map<String, Double> ours, double error) {
        List<String> rows = sorted(theirs).stream().filter(ours::containsKey).toList();
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                String a = rows.get(i);
                String b = rows.get(j);
                out.add(new Pair(a, b, theirs.get(a) - theirs.get(b) <= 2 * error ? null
                        : ours.get(a) > ours.get(b)));
            }
        }
        return out;
    }

    /** The pairs as "a > b: holds; …". */
    public static String pairsText(List<Pair> pairs) {
        return pairs.stream().map(Pair::toString).collect(Collectors.joining("; "));
    }

    private static List<String> sorted(Map<String, Double> values) {
        return values.keySet().stream().sorted(Comparator.comparing((String r) -> -values.get(r))).toList();
    }
}
