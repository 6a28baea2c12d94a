package hapmeter.report;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.HapmeterException;
import hapmeter.Json;
import hapmeter.analysis.ClassRules;
import hapmeter.analysis.FunctionDiff;
import hapmeter.results.RunLayout;
import hapmeter.source.Attribution.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Two results compared (`hapmeter diff A B`): the functions only in A, only in B and in both, each with its class
 * and, when a source index serves the side's kernel, its subsystem. A side is a cell directory, a run and one of
 * its scenarios (RUN_DIR:SCENARIO, or RUN_DIR:KERNEL/SCENARIO in a matrix run), or a directory inside a run that
 * holds one scenario's repeats (RUN_DIR/KERNEL/SCENARIO): repeats are united.
 */
public final class Diff {
    private static final String FUNCTIONS = "functions.txt";
    private static final String KALLSYMS = "kallsyms.txt.gz";

    /**
     * One side.
     *
     * @param label     as the user wrote it
     * @param cells     the cell directories united
     * @param kernel    summary.json's kernel, or null if unknown
     * @param kallsyms  the nearest kallsyms.txt.gz above the cells (cell, scenario, kernel or run directory), or null
     */
    public record Side(String label, List<Path> cells, String kernel, SortedSet<String> functions, Path kallsyms) {
        String describe() {
            return label + " (" + (kernel != null ? "kernel " + kernel + ", " : "") + functions.size() + " functions"
                    + (cells.size() > 1 ? ", union of " + cells.size() + " repeats" : "") + ")";
        }
    }

    private record Cell(Path dir, String kernel, String scenario) {
    }

    private final String title;
    private final Map<String, String> facts;
    private final List<String> missing;
    private final List<Table> tables;
    private final FunctionDiff diff;

    private Diff(String title, Map<String, String> facts, List<String> missing, List<Table> tables,
            FunctionDiff diff) {
        this.title = title;
        this.facts = facts;
        this.missing = missing;
        this.tables = tables;
        this.diff = diff;
    }

    /** @throws HapmeterException with one line naming what is wrong with SPEC */
    public static Side side(String spec) {
        Path path = Path.of(spec);
        if (Files.exists(path)) {
            return fromPath(spec, path);
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new HapmeterException("no such cell or run: " + spec + " (give a cell directory, RUN_DIR:SCENARIO "
                    + "or RUN_DIR/KERNEL/SCENARIO)");
        }
        Path run = Path.of(spec.substring(0, colon));
        String key = spec.substring(colon + 1);
        if (!Files.isDirectory(run)) {
            throw new HapmeterException("no such run directory: " + run + " (in " + spec + ")");
        }
        if (!key.isEmpty() && Files.isDirectory(run.resolve(key))) {
            return fromPath(spec, run.resolve(key));
        }
        List<Cell> all = cells(run);
        List<Cell> matching = all.stream().filter(c -> c.scenario().equals(key)).toList();
        if (matching.isEmpty()) {
            throw new HapmeterException(run + " has no scenario '" + key + "'" + (all.isEmpty() ? ": no cells at all"
                    : " (it has: " + all.stream().map(Cell::scenario).distinct().sorted()
                    .collect(Collectors.joining(", ")) + ")"));
        }
        return side(spec, run, matching);
    }

    /** Compares A with B; RULES classify, INDEXES hold the source indexes for subsystems. */
    public static Diff of(Side a, Side b, ClassRules rules, Path indexes) {
        FunctionDiff d = FunctionDiff.of(a.functions(), b.functions());
        List<String> missing = new ArrayList<>();
        Map<String, Location> whereA;
        Map<String, Location> whereB;
        if (Objects.equals(a.kernel(), b.kernel()) && Objects.equals(a.kallsyms(), b.kallsyms())) {
            TreeSet<String> all = new TreeSet<>(a.functions());
            all.addAll(b.functions());
            whereA = locate(a, all, indexes, missing);
            whereB = whereA;
        } else {
            whereA = locate(a, a.functions(), indexes, missing);
            whereB = locate(b, b.functions(), indexes, missing);
        }
        Map<String, String> subsystems = new TreeMap<>();
        if (whereA != null || whereB != null) {
            d.onlyB().forEach(f -> subsystems.put(f, subsystem(f, whereB, whereA)));
            Stream.concat(d.onlyA().stream(), d.both().stream())
                    .forEach(f -> subsystems.put(f, subsystem(f, whereA, whereB)));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("A", a.describe());
        facts.put("B", b.describe());
        facts.put("rules", rules.name() + ": " + rules.description());
        List<Table> tables = new ArrayList<>();
        tables.add(counts("diff_classes", "class", rules.classNames(), rules::classify, d));
        if (!subsystems.isEmpty()) {
            List<String> order = subsystems.values().stream().distinct()
                    .sorted(Comparator.comparing((String s) -> s.startsWith("(")).thenComparing(s -> s)).toList();
            tables.add(counts("diff_subsystems", "subsystem", order, subsystems::get, d));
        }
        tables.add(list("diff_only_a", "Only in A: " + a.label(), d.onlyA(), rules, subsystems, false));
        tables.add(list("diff_only_b", "Only in B: " + b.label(), d.onlyB(), rules, subsystems, false));
        tables.add(list("diff_both", "In both", d.both(), rules, subsystems, true));
        return new Diff("hapmeter diff: " + a.label() + " vs " + b.label(), facts, List.copyOf(missing),
                List.copyOf(tables), d);
    }

    public FunctionDiff diff() {
        return diff;
    }

    public List<String> missing() {
        return missing;
    }

    List<Table> tables() {
        return tables;
    }

    /** For a terminal: both sides, what is missing, the counts and the lists. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        facts.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        missing.forEach(m -> sb.append("missing: ").append(m).append('\n'));
        tables.forEach(t -> sb.append('\n').append(TextFormat.render(t)));
        return sb.toString();
    }

    /** The same as one self-contained HTML page, written atomically to FILE. */
    public void writeHtml(Path file) {
        RunLayout.writeAtomically(file, HtmlFormat.page(title, facts, missing, "", List.of(), tables)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Side fromPath(String label, Path path) {
        Path dir = path.getFileName().toString().equals(FUNCTIONS) ? path.toAbsolutePath().getParent() : path;
        if (!Files.isDirectory(dir)) {
            throw new HapmeterException(path + " is neither a cell directory nor its " + FUNCTIONS);
        }
        List<Cell> cells = cells(dir);
        if (cells.isEmpty()) {
            throw new HapmeterException(dir + " holds no " + FUNCTIONS + ": not a cell, a scenario or a run");
        }
        // One scenario: its cells differ at most in the repeat (KERNEL/SCENARIO/REP).
        Map<String, List<Cell>> groups = cells.stream().collect(Collectors.groupingBy(
                c -> dir.relativize(c.dir()).toString().replaceFirst("(^|/)\\d+$", ""), TreeMap::new,
                Collectors.toList()));
        if (groups.size() > 1) {
            throw new HapmeterException(dir + " holds " + groups.size() + " scenarios (" + String.join(", ",
                    groups.keySet()) + "): name one, e.g. " + dir + ":" + groups.keySet().iterator().next());
        }
        return side(label, dir, cells);
    }

    private static Side side(String label, Path where, List<Cell> cells) {
        Map<String, List<Cell>> byKernel = cells.stream().collect(Collectors.groupingBy(
                c -> Objects.toString(c.kernel(), "unknown"), TreeMap::new, Collectors.toList()));
        if (byKernel.size() > 1) {
            String scenario = cells.get(0).scenario();
            throw new HapmeterException(where + " has '" + scenario + "' on " + byKernel.size() + " kernels ("
                    + String.join(", ", byKernel.keySet()) + "): write " + where + ":" + byKernel.keySet().iterator()
                    .next() + "/" + scenario);
        }
        SortedSet<String> functions = new TreeSet<>();
        for (Cell c : cells) {
            try {
                Files.readAllLines(c.dir().resolve(FUNCTIONS), StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).forEach(functions::add);
            } catch (IOException e) {
                throw new HapmeterException("cannot read " + c.dir().resolve(FUNCTIONS) + ": " + e.getMessage(), e);
            }
        }
        Path kallsyms = null;
        Path p = cells.get(0).dir().toAbsolutePath().normalize();
        for (int up = 0; up <= 3 && p != null && kallsyms == null; up++, p = p.getParent()) {
            kallsyms = Files.isRegularFile(p.resolve(KALLSYMS)) ? p.resolve(KALLSYMS) : null;
        }
        return new Side(label, cells.stream().map(Cell::dir).toList(), cells.get(0).kernel(), functions, kallsyms);
    }

    /** The cells at or below DIR (at most kernel/scenario/repeat deep), with summary.json's kernel and scenario. */
    private static List<Cell> cells(Path dir) {
        try (Stream<Path> s = Files.walk(dir, 4)) {
            return s.filter(p -> p.getFileName().toString().equals(FUNCTIONS)).map(Path::getParent)
                    .filter(c -> !dir.relativize(c).toString().matches("(.*/)?\\..*")) // cells still being written
                    .sorted().map(Diff::cell).toList();
        } catch (IOException e) {
            throw new HapmeterException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A cell's kernel and scenario from its summary.json; without one, its directory names the scenario. */
    private static Cell cell(Path dir) {
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        String fallback = name.matches("\\d+") ? dir.toAbsolutePath().normalize().getParent().getFileName().toString()
                : name; // KERNEL/SCENARIO/REP
        try {
            JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
            return new Cell(dir, s.path("kernel").asText(null), s.path("scenario").asText(fallback));
        } catch (IOException e) {
            return new Cell(dir, null, fallback);
        }
    }

    /** Where FUNCTIONS are in the source of SIDE's kernel. */
    private static Map<String, Location> locate(Side side, Collection<String> functions, Path indexes,
            List<String> missing) {
        if (side.kernel() == null) {
            missing.add(side.label() + ": no summary.json names its kernel; no subsystems for its functions");
            return null;
        }
        SourceTables.Located l = SourceTables.locate(indexes, side.kernel(), functions, () -> {
            try {
                return side.kallsyms() == null ? null : KernelSymbols.load(side.kallsyms());
            } catch (IOException e) {
                return null; // the ambiguity rule then does without kallsyms
            }
        }, missing);
        return l == null ? null : l.where();
    }

    /** F's subsystem by its own side's index (OWN), else the other's; "" when neither side has an index. */
    private static String subsystem(String f, Map<String, Location> own, Map<String, Location> other) {
        Location l = own != null && own.containsKey(f) ? own.get(f) : other != null ? other.get(f) : null;
        return l == null ? "" : l.found() ? l.subsystem() : SourceTables.NOT_IN_SOURCE;
    }

    private static Table counts(String id, String what, Collection<String> keys, Function<String, String> key,
            FunctionDiff d) {
        Map<String, int[]> n = new LinkedHashMap<>();
        keys.forEach(k -> n.put(k, new int[3]));
        List<SortedSet<String>> parts = List.of(d.onlyA(), d.onlyB(), d.both());
        for (int i = 0; i < parts.size(); i++) {
            for (String f : parts.get(i)) {
                n.computeIfAbsent(key.apply(f), k -> new int[3])[i]++;
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        n.forEach((k, c) -> rows.add(Arrays.asList(k, c[0], c[1], c[2])));
        rows.add(Arrays.asList("total", d.onlyA().size(), d.onlyB().size(), d.both().size()));
        return new Table(id, "Functions per " + what, List.of(what, "only in A", "only in B", "in both"), rows,
                List.of(), false);
    }

    private static Table list(String id, String title, SortedSet<String> functions, ClassRules rules,
            Map<String, String> subsystems, boolean appendix) {
        List<String> cols = new ArrayList<>(List.of("function", "class"));
        if (!subsystems.isEmpty()) {
            cols.add("subsystem");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String f : functions) {
            List<Object> row = new ArrayList<>(List.of(f, rules.classify(f)));
            if (!subsystems.isEmpty()) {
                row.add(subsystems.get(f));
            }
            rows.add(row);
        }
        return new Table(id, title + " (" + functions.size() + ")", cols, rows, List.of(), appendix);
    }
}
