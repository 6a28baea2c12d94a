package hapmeter.analysis;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** Two function sets compared: the names only in A, only in B, and in both, each sorted. */
public record FunctionDiff(SortedSet<String> onlyA, SortedSet<String> onlyB, SortedSet<String> both) {
    public static FunctionDiff of(Collection<String> a, Collection<String> b) {
        TreeSet<String> onlyA = new TreeSet<>(a);
        onlyA.removeAll(new TreeSet<>(b));
        TreeSet<String> both = new TreeSet<>(a);
        both.retainAll(new TreeSet<>(b));
        TreeSet<String> onlyB = new TreeSet<>(b);
        onlyB.removeAll(both);
        return new FunctionDiff(Collections.unmodifiableSortedSet(onlyA), Collections.unmodifiableSortedSet(onlyB),
                Collections.unmodifiableSortedSet(both));
    }
}
