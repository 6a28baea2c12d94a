package hapmeter.source;

import hapmeter.source.SourceIndex.Definition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where each traced function's code is: its definition in the source index, with the ambiguity rule for names
 * defined more than once (static functions of the same name in several files, #ifdef alternatives, config
 * alternatives such as mm/slub.c and mm/slab.c).
 *
 * <p><b>The ambiguity rule.</b> Of a name's definitions, keep, step by step and only while at least one remains:
 * <ol>
 * <li>those whose file the kernel's configuration builds (its Kbuild guard is not "not set": mm/slub.c, not
 * mm/slob.c);</li>
 * <li>strong definitions over __weak ones, which the linker drops for them (kernel/bpf/core.c's skb_copy_bits
 * yields to net/core/skbuff.c's);</li>
 * <li>those whose image does not contradict kallsyms (a definition built into vmlinux when kallsyms has the name
 * only in a module, or linked into another module, goes: virtio_net's start_xmit, not dl2k's);</li>
 * <li>those in .c files over those in headers (a traced, hence out-of-line, function with a .c definition is that
 * one; a header's same-named inline is its configuration alternative).</li>
 * </ol>
 * A name left with one definition is RESOLVED; with several it stays AMBIGUOUS and is counted once, with the mean of
 * its definitions' lines and scores (the report gives the sums' range over min and max too).
 */
public final class Attribution {
    /** How a name was located. */
    public enum Status { UNIQUE, RESOLVED, AMBIGUOUS, NOT_FOUND }

    /** kallsyms' image of the kernel text outside modules. */
    public static final String VMLINUX = "vmlinux";

    /** What the report writes for a function whose definitions lie in different subsystems. */
    public static final String AMBIGUOUS_SUBSYSTEM = "(ambiguous)";

    /**
     * One traced function's code.
     *
     * @param definitions how many the index has (before the rule)
     * @param kept        those the rule kept
     * @param decidedBy   the steps that dropped definitions ("configuration", "strong over weak", "kallsyms",
     *                    "source over header")
     * @param lines       mean lines of KEPT; MIN and MAX over them
     * @param complexity  mean GNU complexity score over KEPT that were scored; NaN if none was
     * @param subsystem   {@link #subsystem} of KEPT's files, or {@link #AMBIGUOUS_SUBSYSTEM}; null if not found
     */
    public record Location(String function, Status status, int definitions, List<Definition> kept,
            List<String> decidedBy, double lines, int minLines, int maxLines, double mccabe, double complexity,
            String subsystem) {
        public boolean found() {
            return status != Status.NOT_FOUND;
        }
    }

    private Attribution() {
    }

    /**
     * Locates FUNCTIONS in INDEX for a kernel with configuration CONFIG, whose kallsyms says IMAGES (name to
     * images: "vmlinux" and/or module names; empty when unknown).
     */
    public static Map<String, Location> locate(SourceIndex index, KernelConfig config,
            Function<String, Set<String>> images, Collection<String> functions) throws IOException {
        Map<String, List<Definition>> found = index.lookup(functions);
        Map<String, Location> out = new LinkedHashMap<>();
        for (String f : functions) {
            out.put(f, locate(f, found.getOrDefault(f, List.of()), file -> Kbuild.evaluate(index.guard(file), config),
                    images.apply(f)));
        }
        return out;
    }

    /** The rule for one name, given how the configuration builds each file (BUILT) and kallsyms' IMAGES. */
    static Location locate(String function, List<Definition> definitions, Function<String, Kbuild.Result> built,
            Set<String> images) {
        if (definitions.isEmpty()) {
            return new Location(function, Status.NOT_FOUND, 0, List.of(), List.of(), 0, 0, 0, 0, Double.NaN, null);
        }
        List<Definition> kept = definitions;
        List<String> decidedBy = new ArrayList<>();
        kept = narrow(kept, d -> built.apply(d.file()).built() != Kbuild.Built.NOT_BUILT, "configuration", decidedBy);
        kept = narrow(kept, d -> !d.weak(), "strong over weak", decidedBy);
        if (!images.isEmpty()) {
            kept = narrow(kept, d -> !contradicts(built.apply(d.file()), images), "kallsyms", decidedBy);
        }
        kept = narrow(kept, d -> d.file().endsWith(".c"), "source over header", decidedBy);
        Status status = definitions.size() == 1 ? Status.UNIQUE
                : kept.size() == 1 ? Status.RESOLVED : Status.AMBIGUOUS;
        List<Integer> lines = kept.stream().map(Definition::lines).toList();
        List<Integer> scored = kept.stream().map(Definition::complexity).filter(c -> c >= 0).toList();
        List<String> subsystems = kept.stream().map(d -> subsystem(d.file())).distinct().toList();
        return new Location(function, status, definitions.size(), List.copyOf(kept), List.copyOf(decidedBy),
                mean(lines), lines.stream().mapToInt(i -> i).min().orElse(0),
                lines.stream().mapToInt(i -> i).max().orElse(0), mean(kept.stream().map(Definition::mccabe).toList()),
                scored.isEmpty() ? Double.NaN : mean(scored),
                subsystems.size() == 1 ? subsystems.get(0) : AMBIGUOUS_SUBSYSTEM);
    }

    /**
     * The subsystem of a source file: its directory's first component (net, kernel, mm, fs, …), two for
     * drivers, include, sound and virt (drivers/net, include/linux), three under arch (arch/x86/kvm).
     */
    public static String subsystem(String file) {
        String[] dirs = file.split("/");
        int n = dirs.length - 1; // the last part is the file name
        int keep = switch (dirs[0]) {
            case "arch" -> 3;
            case "drivers", "include", "sound", "virt" -> 2;
            default -> 1;
        };
        return n == 0 ? "(top)" : String.join("/", List.of(dirs).subList(0, Math.min(keep, n)));
    }

    /** KEPT filtered by KEEP, unless that leaves nothing or changes nothing. */
    private static List<Definition> narrow(List<Definition> kept, Predicate<Definition> keep, String step,
            List<String> decidedBy) {
        List<Definition> out = kept.stream().filter(keep).toList();
        if (out.isEmpty() || out.size() == kept.size()) {
            return kept;
        }
        decidedBy.add(step);
        return out;
    }

    private static boolean contradicts(Kbuild.Result r, Set<String> images) {
        return switch (r.built()) {
            case BUILTIN -> !images.contains(VMLINUX);
            case MODULE -> r.module() != null && !images.contains(r.module());
            default -> false;
        };
    }

    private static double mean(List<Integer> values) {
        return values.stream().mapToInt(i -> i).average().orElse(0);
    }
}
