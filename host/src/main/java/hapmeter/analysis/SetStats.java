package hapmeter.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Run-to-run statistics: summary of counts, and the similarity of function sets. */
public final class SetStats {
    private SetStats() {
    }

    /** Mean, sample standard deviation, min, max of VALUES (n >= 1; sd 0 for one value). */
    public record Summary(int n, double mean, double sd, double min, double max) {
    }

    public static Summary summarize(Collection<? extends Number> values) {
        double n = values.size();
        double mean = values.stream().mapToDouble(Number::doubleValue).sum() / n;
        double ss = values.stream().mapToDouble(v -> (v.doubleValue() - mean) * (v.doubleValue() - mean)).sum();
        return new Summary(values.size(), mean, values.size() > 1 ? Math.sqrt(ss / (n - 1)) : 0,
                values.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN));
    }

    /** |A ∩ B| / |A ∪ B|; 1 for two empty sets. */
    public static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 1;
        }
        long common = a.stream().filter(b::contains).count();
        return (double) common / union.size();
    }

    /** Jaccard similarity of every pair (i < j), in order (1,2), (1,3), ..., (2,3), ... */
    public static List<Double> pairwiseJaccard(List<? extends Set<String>> sets) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                out.add(jaccard(sets.get(i), sets.get(j)));
            }
        }
        return out;
    }

    /** In how many of SETS each function of their union appears: N for "always", fewer for "sometimes". */
    public static SortedMap<String, Integer> presence(List<? extends Set<String>> sets) {
        SortedMap<String, Integer> out = new TreeMap<>();
        sets.forEach(set -> set.forEach(f -> out.merge(f, 1, Integer::sum)));
        return out;
    }

    /** The median of VALUES (n >= 1): the middle one, or the mean of the two middle ones. */
    public static double median(Collection<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
