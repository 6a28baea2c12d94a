package hapmeter.image;

import hapmeter.HapmeterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns the kernels a campaign names into the kernels it measures, before anything is built. An item is
 * <ul>
 * <li>{@code debian:GLOB}: every release apt offers that GLOB matches ({@code *} any text, {@code ?} one
 * character). A GLOB that ends in {@code amd64} names the flavour itself and matches whole releases
 * ({@code debian:6.12.*-rt-amd64}, {@code debian:6.1.0-56-*amd64} for every flavour); any other GLOB matches the
 * version of the amd64 flavour ({@code debian:6.1.0-*}, {@code debian:6.12.*});</li>
 * <li>{@code latest}: the newest release of the amd64 flavour apt offers, over all lines (today a 6.12);</li>
 * <li>anything else, as before: an exact release ({@code 6.1.0-56-amd64}), a linux-image .deb or a directory
 * with a user's kernel, passed on untouched (apt is not asked about them).</li>
 * </ul>
 * The releases come out in version order without duplicates, then the .deb files and directories in the order
 * given. apt is asked at most once, and only when an item needs it.
 */
public final class KernelSelector {
    static final String DEBIAN = "debian:";
    static final String LATEST = "latest";

    private final Supplier<OfferedKernels> apt;
    private OfferedKernels offered;

    /** APT: what apt offers (tests give a fixed list; {@link OfferedKernels#query()} asks apt-cache). */
    public KernelSelector(Supplier<OfferedKernels> apt) {
        this.apt = apt;
    }

    /** @throws HapmeterException naming the item and what apt offers, when an item selects nothing */
    public List<String> resolve(List<String> items) {
        TreeSet<String> releases = new TreeSet<>(KernelRelease.ORDER);
        Set<String> paths = new LinkedHashSet<>();
        for (String raw : items) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new HapmeterException("an empty kernel in the list " + String.join(",", items));
            } else if (item.startsWith(DEBIAN)) {
                releases.addAll(glob(item));
            } else if (item.equals(LATEST)) {
                List<String> amd64 = offered().of(KernelRelease.DEFAULT_FLAVOUR);
                if (amd64.isEmpty()) {
                    throw nothing(item);
                }
                releases.add(amd64.get(amd64.size() - 1));
            } else if (item.endsWith(".deb") || Files.isDirectory(Path.of(item))) {
                paths.add(item);
            } else {
                releases.add(item);
            }
        }
        List<String> out = new ArrayList<>(releases);
        out.addAll(paths);
        return out;
    }

    private List<String> glob(String item) {
        String glob = item.substring(DEBIAN.length());
        if (glob.isEmpty()) {
            throw new HapmeterException("kernel selector '" + item + "' has no pattern (e.g. debian:6.1.0-*)");
        }
        Pattern p = Pattern.compile(toRegex(glob));
        boolean wholeRelease = glob.endsWith("amd64");
        List<String> matched = (wholeRelease ? offered().releases() : offered().of(KernelRelease.DEFAULT_FLAVOUR))
                .stream().filter(r -> p.matcher(wholeRelease ? r : KernelRelease.version(r)).matches()).toList();
        if (matched.isEmpty()) {
            throw nothing(item);
        }
        return matched;
    }

    private HapmeterException nothing(String item) {
        return new HapmeterException("kernel selector '" + item + "' matches nothing apt offers; apt offers "
                + offered().summary());
    }

    private OfferedKernels offered() {
        if (offered == null) {
            offered = apt.get();
        }
        return offered;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return re.toString();
    }
}
