package hapmeter.report;

import hapmeter.report.RunData.Cell;
import hapmeter.source.Attribution;
import hapmeter.source.Attribution.Location;
import hapmeter.source.Attribution.Status;
import hapmeter.source.SourceIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Tables from the kernel source index (when one is built for the run's kernel): lines, complexity and a HAP
 * estimate per scenario, functions and lines per subsystem, and the names the index could not place or place
 * uniquely. Without an index each kernel gets a "missing" line saying how to build one.
 */
final class SourceTables {
    static final String SIZE = "source_size";
    static final String SUBSYSTEMS = "subsystems";
    /** Industry defect densities of delivered code (McConnell, Code Complete, 2nd ed., ch. 20): 15-50 per KLOC. */
    static final int BUGS_PER_KLOC_LOW = 15;
    static final int BUGS_PER_KLOC_HIGH = 50;
    static final String NOT_IN_SOURCE = "(not in source)";
    private static final String KALLSYMS = "kallsyms.txt.gz";

    /** One kernel's index and where its functions are. */
    record Located(String kernel, SourceIndex index, Map<String, Location> where) {
    }

    private SourceTables() {
    }

    /**
     * Where the functions of each cell with functions.txt are, for the kernels INDEXES has an index of; a line in
     * MISSING for each cell or kernel without.
     */
    static Map<Cell, Located> locate(RunData data, Path indexes, List<String> missing) {
        List<Cell> withFunctions = data.measured().stream().filter(c -> c.functions() != null).toList();
        withFunctions.stream().filter(c -> c.summary().kernel() == null).forEach(c -> missing.add(c.key()
                + "/summary.json names no kernel; no source lines, complexity, HAP or subsystems for it"));
        Map<String, List<Cell>> byKernel = withFunctions.stream().filter(c -> c.summary().kernel() != null)
                .collect(Collectors.groupingBy(c -> c.summary().kernel(), TreeMap::new, Collectors.toList()));
        Map<Cell, Located> located = new LinkedHashMap<>();
        byKernel.forEach((kernel, cells) -> {
            Set<String> functions = new TreeSet<>();
            cells.forEach(c -> functions.addAll(c.functions()));
            Located l = locate(indexes, kernel, functions, () -> kallsyms(data, kernel, byKernel.size() == 1), missing);
            if (l != null) {
                cells.forEach(c -> located.put(c, l));
            }
        });
        return located;
    }

    /** The tables of the LOCATED cells (see {@link #locate(RunData, Path, List)}); none without any. */
    static List<Table> compute(RunData data, Map<Cell, Located> located) {
        if (located.isEmpty()) {
            return List.of();
        }
        List<Cell> cells = data.measured().stream().filter(located::containsKey).toList();
        return List.of(size(cells, located), subsystems(cells, located, SUBSYSTEMS, false),
                subsystems(cells, located, "subsystem_lines", true), ambiguous(located), notFound(cells, located));
    }

    /**
     * Where FUNCTIONS of kernel KERNEL are, by the source index INDEXES has for it and kallsyms (null: unknown);
     * null, with a line in MISSING, when there is no usable index.
     */
    static Located locate(Path indexes, String kernel, Collection<String> functions, Supplier<KernelSymbols> kallsyms,
            List<String> missing) {
        SourceIndex index;
        try {
            index = SourceIndex.forKernel(indexes, kernel);
        } catch (IOException e) {
            missing.add("source index for kernel " + kernel + ": " + e.getMessage() + "; no source lines, complexity, "
                    + "HAP or subsystems for its functions");
            return null;
        }
        if (index == null) {
            missing.add("source index: none for kernel " + kernel + "; no source lines, complexity, HAP or subsystems "
                    + "for its functions (build it once: ./hapmeter source index --kernel " + kernel + ")");
            return null;
        }
        KernelSymbols ks = kallsyms.get();
        try {
            Function<String, Set<String>> images = ks == null ? f -> Set.of() : ks::images;
            return new Located(kernel, index, Attribution.locate(index, index.config(kernel), images, functions));
        } catch (IOException e) {
            missing.add("source index " + index.dir() + ": unreadable (" + e.getMessage() + ")");
            return null;
        }
    }

    /** The kernel's own kallsyms (KERNEL/kallsyms.txt.gz in a matrix run), else the run's if it has one kernel. */
    private static KernelSymbols kallsyms(RunData data, String kernel, boolean onlyKernel) {
        Path own = data.dir().resolve(kernel).resolve(KALLSYMS);
        try {
            return Files.isRegularFile(own) ? KernelSymbols.load(own) : onlyKernel ? data.kallsyms() : null;
        } catch (IOException e) {
            return null; // the rule's kallsyms step is then skipped; code_size reports kallsyms' own problems
        }
    }

    private static Table size(List<Cell> cells, Map<Cell, Located> located) {
        List<List<Object>> rows = new ArrayList<>();
        Set<String> sources = new TreeSet<>();
        for (Cell c : cells) {
            Located l = located.get(c);
            sources.add(l.kernel() + ": " + l.index().meta().source());
            Sums m = Sums.of(c.functions(), l.where());
            rows.add(Arrays.asList(c.key(), c.functions().size(), m.found(), c.functions().size() - m.found(),
                    m.several(), m.ambiguous(), Math.round(m.lines()), m.min(), m.max(), Math.round(m.mccabe()),
                    Math.round(m.complexity()), m.unscored(), m.lines() / 1000 * BUGS_PER_KLOC_LOW,
                    m.lines() / 1000 * BUGS_PER_KLOC_HIGH));
        }
        return new Table(SIZE, "Source lines, complexity and HAP per scenario", List.of("scenario", "functions",
                "in source", "not in source", "several definitions", "ambiguous", "lines", "lines min", "lines max",
                "pmccabe", "complexity", "unscored", "HAP at " + BUGS_PER_KLOC_LOW + "/KLOC",
                "HAP at " + BUGS_PER_KLOC_HIGH + "/KLOC"), rows, List.of(
                "From the kernel source index (" + String.join("; ", sources) + "): lines of a function from its "
                        + "first line to its closing brace and its cyclomatic complexity (each case counts) by "
                        + "pmccabe; complexity: GNU complexity's score, nabla-measurements' metric ('unscored': "
                        + "functions it did not score). Each column sums over the scenario's functions.",
                "not in source: names no C definition has, e.g. assembly (entry_SYSCALL_64) or code a macro "
                        + "generates (bpf_lsm_*, __traceiter_*), listed in the appendix. SYSCALL_DEFINEn(read) "
                        + "counts for __x64_sys_read.",
                "several definitions: names the tree defines more than once; the ambiguity rule keeps the "
                        + "definitions the kernel's configuration builds, then strong over __weak ones, then "
                        + "those kallsyms' image (vmlinux or module) allows, then .c over headers. 'ambiguous' names still had several: each counts "
                        + "once with their mean; lines min and max are the sums with the smallest and largest.",
                "HAP (horizontal attack profile) estimate: lines reached x " + BUGS_PER_KLOC_LOW + " to "
                        + BUGS_PER_KLOC_HIGH + " bugs per 1000 lines, the defect density of delivered code "
                        + "(McConnell, Code Complete)."), false);
    }

    /**
     * What a cell's functions found in the source add up to: lines (MIN and MAX over ambiguous names), pmccabe and
     * GNU complexity (without the UNSCORED functions that tool did not score).
     */
    record Sums(int found, int several, int ambiguous, int unscored, double lines, long min, long max, double mccabe,
            double complexity) {
        static Sums of(List<String> functions, Map<String, Location> where) {
            int found = 0;
            int several = 0;
            int ambiguous = 0;
            int unscored = 0;
            double lines = 0;
            double mccabe = 0;
            double complexity = 0;
            long min = 0;
            long max = 0;
            for (String f : functions) {
                Location loc = where.get(f);
                if (!loc.found()) {
                    continue;
                }
                found++;
                several += loc.definitions() > 1 ? 1 : 0;
                ambiguous += loc.status() == Status.AMBIGUOUS ? 1 : 0;
                lines += loc.lines();
                min += loc.minLines();
                max += loc.maxLines();
                mccabe += loc.mccabe();
                if (Double.isNaN(loc.complexity())) {
                    unscored++;
                } else {
                    complexity += loc.complexity();
                }
            }
            return new Sums(found, several, ambiguous, unscored, lines, min, max, mccabe, complexity);
        }
    }

    /** Functions (or their lines) per subsystem, largest first; the names without a definition last. */
    private static Table subsystems(List<Cell> cells, Map<Cell, Located> located, String id, boolean lines) {
        Map<String, double[]> bySubsystem = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            Map<String, Location> where = located.get(c).where();
            for (String f : c.functions()) {
                Location loc = where.get(f);
                String s = loc.found() ? loc.subsystem() : NOT_IN_SOURCE;
                bySubsystem.computeIfAbsent(s, k -> new double[cells.size()])[i] += lines ? loc.lines() : 1;
            }
        }
        if (lines) {
            bySubsystem.remove(NOT_IN_SOURCE);
        }
        List<String> order = new ArrayList<>(bySubsystem.keySet());
        order.sort(Comparator.comparing((String s) -> s.startsWith("("))
                .thenComparing(s -> -Arrays.stream(bySubsystem.get(s)).sum()).thenComparing(s -> s));
        List<List<Object>> rows = new ArrayList<>();
        for (String s : order) {
            List<Object> row = new ArrayList<>(List.of(s));
            Arrays.stream(bySubsystem.get(s)).forEach(v -> row.add(Math.round(v)));
            rows.add(row);
        }
        List<String> cols = new ArrayList<>(List.of("subsystem"));
        cells.forEach(c -> cols.add(c.key()));
        return new Table(id, lines ? "Source lines per subsystem" : "Functions per subsystem", cols, rows, List.of(
                "Subsystem: the source directory of the function's definition (first component; two under "
                        + "drivers, include, sound and virt; three under arch, e.g. arch/x86/kvm). A more honest "
                        + "split than name substrings. " + Attribution.AMBIGUOUS_SUBSYSTEM + ": definitions left "
                        + "by the ambiguity rule lie in different subsystems."), false);
    }

    private static Table ambiguous(Map<Cell, Located> located) {
        List<List<Object>> rows = new ArrayList<>();
        for (Located l : new LinkedHashSet<>(located.values())) {
            for (Location loc : l.where().values()) {
                if (loc.definitions() > 1) {
                    rows.add(List.of(l.kernel(), loc.function(), loc.definitions(), loc.status().name().toLowerCase(),
                            loc.decidedBy().isEmpty() ? "-" : String.join(", ", loc.decidedBy()),
                            loc.kept().stream().map(d -> d.file() + ":" + d.line() + " (" + d.lines() + " lines)")
                                    .collect(Collectors.joining("; "))));
                }
            }
        }
        return new Table("source_ambiguous", "Functions defined more than once, and what the rule kept",
                List.of("kernel", "function", "definitions", "outcome", "decided by", "kept"), rows, List.of(), true);
    }

    private static Table notFound(List<Cell> cells, Map<Cell, Located> located) {
        Map<String, List<String>> where = new TreeMap<>();
        for (Cell c : cells) {
            Map<String, Location> w = located.get(c).where();
            for (String f : c.functions()) {
                if (!w.get(f).found()) {
                    where.computeIfAbsent(f, k -> new ArrayList<>()).add(c.key());
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        where.forEach((f, in) -> rows.add(List.of(f, String.join(" ", in))));
        return new Table("source_not_found", "Functions without a C definition in the source index",
                List.of("function", "scenarios"), rows, List.of(), true);
    }
}
