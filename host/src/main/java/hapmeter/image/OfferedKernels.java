package hapmeter.image;

import hapmeter.Exec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The kernel releases apt offers as linux-image-&lt;release&gt; packages, in version order, every flavour
 * (metapackages such as linux-image-6.12-amd64 name no release and are left out).
 */
public record OfferedKernels(List<String> releases) {
    private static final String PACKAGE = "linux-image-";

    public OfferedKernels {
        releases = releases.stream().distinct().sorted(KernelRelease.ORDER).toList();
    }

    /** What apt-cache knows here (nothing when the package lists were never fetched: run apt-get update). */
    public static OfferedKernels query() {
        return parse(Exec.run(null, List.of("apt-cache", "search", "--names-only", "^linux-image-[0-9].*-amd64$"))
                .output());
    }

    /** From `apt-cache search` output: "linux-image-RELEASE - description" lines. */
    static OfferedKernels parse(String aptCacheSearch) {
        return new OfferedKernels(aptCacheSearch.lines()
                .filter(l -> l.startsWith(PACKAGE))
                .map(l -> l.substring(PACKAGE.length()).split(" ", 2)[0])
                .filter(r -> r.matches("\\d+\\.\\d+\\.\\d+[-+.~0-9A-Za-z]*") && KernelRelease.flavour(r) != null)
                .toList());
    }

    /** The releases of FLAVOUR. */
    public List<String> of(String flavour) {
        return releases.stream().filter(r -> flavour.equals(KernelRelease.flavour(r))).toList();
    }

    /** The flavours offered, alphabetically. */
    public List<String> flavours() {
        return List.copyOf(releases.stream().map(KernelRelease::flavour).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Line (6.1, 6.12) -> the versions offered in it (without flavour), in version order. */
    public Map<String, List<String>> byLine() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        releases.stream().map(KernelRelease::version).distinct()
                .forEach(v -> out.computeIfAbsent(KernelRelease.line(v), k -> new ArrayList<>()).add(v));
        return out;
    }

    /** One line: "6.1: 6.1.0-47 … 6.1.0-57 (11); 6.12: 6.12.100+deb12 … 6.12.117+deb12 (7); flavours amd64, …". */
    public String summary() {
        if (releases.isEmpty()) {
            return "no linux-image release (run apt-get update?)";
        }
        return byLine().entrySet().stream().map(e -> e.getKey() + ": " + range(e.getValue()))
                .collect(Collectors.joining("; ")) + "; flavours " + String.join(", ", flavours());
    }

    /** "FIRST … LAST (N)", or the one version. */
    public static String range(List<String> versions) {
        return versions.size() == 1 ? versions.get(0)
                : versions.get(0) + " … " + versions.get(versions.size() - 1) + " (" + versions.size() + ")";
    }
}
