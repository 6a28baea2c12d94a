package hapmeter.protocol.message;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The one pid-list codec: "12,13,40" ("" for none); a pid is a positive int on both ends. */
public final class Pids {
    private Pids() {
    }

    public static String encode(Collection<Integer> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public static SortedSet<Integer> decode(String text) {
        TreeSet<Integer> pids = new TreeSet<>();
        if (!text.isEmpty()) {
            for (String p : text.split(",", -1)) {
                pids.add(Fields.positive("pid", Integer.parseInt(p)));
            }
        }
        return Collections.unmodifiableSortedSet(pids);
    }

    /** An unmodifiable sorted copy, for records that carry pids. */
    static SortedSet<Integer> copy(Collection<Integer> pids) {
        TreeSet<Integer> out = new TreeSet<>();
        for (Integer p : pids) {
            out.add(Fields.positive("pid", p));
        }
        return Collections.unmodifiableSortedSet(out);
    }
}
