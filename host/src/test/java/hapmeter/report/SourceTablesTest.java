package hapmeter.report;

import static hapmeter.report.ReportTablesTest.RULES;
import static hapmeter.report.ReportTablesTest.REFERENCE;
import static hapmeter.report.ReportTablesTest.column;
import static hapmeter.report.ReportTablesTest.rowsByFirst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.source.Attribution;
import hapmeter.source.Attribution.Location;
import hapmeter.source.SourceIndex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source tables on the recorded four-scenario run with the committed index of real linux-source-6.1 files
 * (see src/test/resources/source/README.md), and the report without an index, with an unknown kernel and with an
 * index of another format: it renders and says what is missing.
 */
class SourceTablesTest {
    static Report.Content content;
    static Map<String, Location> where;

    @TempDir
    Path tmp;

    @BeforeAll
    static void compute() throws IOException {
        RunData data = RunData.load(RunFixtures.RUNS.resolve("full"));
        content = ReportTables.compute(data, RULES, REFERENCE, RunFixtures.INDEXES);
        SourceIndex index = SourceIndex.forKernel(RunFixtures.INDEXES, "6.1.0-56-amd64");
        Set<String> all = new TreeSet<>();
        data.measured().forEach(c -> all.addAll(c.functions()));
        where = Attribution.locate(index, index.config("6.1.0-56-amd64"), data.kallsyms()::images, all);
    }

    /** Each column is the sum over the scenario's functions of what the attribution says of each. */
    @Test
    void sizeTableSumsTheAttribution() {
        Table t = content.table(SourceTables.SIZE);
        assertEquals(RunFixtures.FULL_ORDER, column(t, "scenario"));
        for (List<Object> row : t.rows()) {
            List<String> fns = RunFixtures.functions((String) row.get(0));
            List<Location> found = fns.stream().map(where::get).filter(Location::found).toList();
            double lines = found.stream().mapToDouble(Location::lines).sum();
            Map<String, Object> r = rowMap(t, row);
            assertEquals(fns.size(), r.get("functions"));
            assertEquals(found.size(), r.get("in source"));
            assertEquals(fns.size() - found.size(), r.get("not in source"));
            assertEquals((int) found.stream().filter(l -> l.definitions() > 1).count(), r.get("several definitions"));
            assertEquals(Math.round(lines), r.get("lines"));
            assertEquals(found.stream().mapToLong(Location::minLines).sum(), r.get("lines min"));
            assertEquals(found.stream().mapToLong(Location::maxLines).sum(), r.get("lines max"));
            assertEquals(Math.round(found.stream().mapToDouble(Location::mccabe).sum()), r.get("pmccabe"));
            assertEquals(lines * 15 / 1000, (Double) r.get("HAP at 15/KLOC"), 1e-9);
            assertEquals(lines * 50 / 1000, (Double) r.get("HAP at 50/KLOC"), 1e-9);
        }
        // socket reached 28 names this subset defines: its slab, spinlock and read/write functions.
        assertEquals(28, rowMap(t, t.rows().get(0)).get("in source"));
    }

    @Test
    void subsystemsAddUpToEachScenariosFunctions() {
        Table t = content.table(SourceTables.SUBSYSTEMS);
        assertEquals(List.of("subsystem", "socket", "tap", "qemu", "kvm"), t.columns());
        Map<String, List<Object>> rows = rowsByFirst(t);
        assertEquals(Set.of("mm", "kernel", "fs", SourceTables.NOT_IN_SOURCE), rows.keySet());
        for (int i = 1; i < t.columns().size(); i++) {
            int col = i;
            long sum = t.rows().stream().mapToLong(r -> (Long) r.get(col)).sum();
            assertEquals(RunFixtures.functions(t.columns().get(i)).size(), sum, t.columns().get(i));
        }
        assertEquals(column(content.table(SourceTables.SIZE), "not in source").stream()
                .map(n -> ((Integer) n).longValue()).toList(), rows.get(SourceTables.NOT_IN_SOURCE).subList(1, 5));
        Table lines = content.table("subsystem_lines");
        assertFalse(rowsByFirst(lines).containsKey(SourceTables.NOT_IN_SOURCE));
    }

    @Test
    void appendixListsWhatTheRuleDecidedAndWhatHasNoDefinition() {
        Map<String, List<Object>> ambiguous = new HashMap<>();
        content.table("source_ambiguous").rows().forEach(r -> ambiguous.put((String) r.get(1), r));
        assertEquals(List.of("6.1.0-56-amd64", "kfree", 2, "resolved", "configuration",
                "mm/slab_common.c:969 (21 lines)"), ambiguous.get("kfree"));
        assertEquals("source over header", ambiguous.get("_raw_spin_lock").get(4));
        List<Object> notFound = column(content.table("source_not_found"), "function");
        assertTrue(notFound.contains("tcp_sendmsg"));
        assertFalse(notFound.contains("__x64_sys_read"), "SYSCALL_DEFINE3(read) is its definition");
    }

    @Test
    void chartIsWrittenAsPngAndSvg() throws Exception {
        Path run = RunFixtures.copy("full", tmp);
        Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        assertTrue(Files.size(run.resolve("figure-subsystems.png")) > 1000);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        assertEquals("svg", f.newDocumentBuilder().parse(run.resolve("figure-subsystems.svg").toFile())
                .getDocumentElement().getLocalName());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<section id=\"figure-subsystems\">"));
        assertTrue(html.contains("<section id=\"" + SourceTables.SIZE + "\">"));
    }

    /** More subsystems than colours: the smallest are summed into one grey segment. */
    @Test
    void chartWithManySubsystems() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            rows.add(List.of("subsystem" + i, 20L - i, (long) i));
        }
        rows.add(List.of(SourceTables.NOT_IN_SOURCE, 3L, 4L));
        rows.add(List.of(Attribution.AMBIGUOUS_SUBSYSTEM, 1L, 0L));
        Table t = new Table(SourceTables.SUBSYSTEMS, "t", List.of("subsystem", "a", "b"), rows, List.of(), false);
        Chart c = SubsystemChart.of(new Report.Content(null, List.of(), List.of(t), List.of())).orElseThrow();
        assertEquals(SubsystemChart.WIDTH, ImageIO.read(new ByteArrayInputStream(c.png())).getWidth());
    }

    /** No index for the run's kernel: the report renders without the source tables and says how to build one. */
    @Test
    void withoutAnIndexTheReportSaysHowToBuildOne() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, tmp.resolve("no-indexes"));
        assertEquals(List.of("source index: none for kernel 6.1.0-56-amd64; no source lines, complexity, HAP or "
                + "subsystems for its functions (build it once: ./hapmeter source index --kernel 6.1.0-56-amd64)"),
                o.missing());
        assertNull(o.content().table(SourceTables.SIZE));
        assertFalse(Files.exists(run.resolve("figure-subsystems.png")));
        assertTrue(Files.readString(run.resolve("report.html")).contains("./hapmeter source index --kernel"));
        assertTrue(Files.size(run.resolve("figure4.png")) > 0, "the rest still renders");
    }

    /** A kernel that has no source package (9.9): its cells lack the source tables; the other kernel's have them. */
    @Test
    void aKernelWithoutIndexAmongOthers() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        for (String cell : List.of("qemu", "kvm")) {
            Path summary = run.resolve(cell).resolve("summary.json");
            Files.writeString(summary, Files.readString(summary).replace("6.1.0-56-amd64", "9.9.0-1-amd64"));
        }
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        assertTrue(o.missing().stream().anyMatch(m -> m.startsWith("source index: none for kernel 9.9.0-1-amd64")),
                o.missing().toString());
        assertEquals(List.of("socket", "tap"), column(o.content().table(SourceTables.SIZE), "scenario"));
    }

    @Test
    void aCellWithoutKernelIsSkipped() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Path summary = run.resolve("tap/summary.json");
        Files.writeString(summary, Files.readString(summary).replaceFirst("\"kernel\" : \"[^\"]*\",", ""));
        List<String> missing = new ArrayList<>();
        RunData data = RunData.load(run);
        List<Table> tables = SourceTables.compute(data, SourceTables.locate(data, RunFixtures.INDEXES, missing));
        assertEquals(List.of("tap/summary.json names no kernel; no source lines, complexity, HAP or subsystems for "
                + "it"), missing);
        assertEquals(List.of("socket", "qemu", "kvm"), column(tables.get(0), "scenario"));
    }

    @Test
    void anIndexOfAnotherFormatIsReportedNotUsed() throws IOException {
        Path indexes = tmp.resolve("indexes");
        Path copy = indexes.resolve("old");
        Files.createDirectories(copy.resolve("kernels"));
        Files.writeString(copy.resolve("meta.json"), "{\"format\": 0}");
        Files.writeString(copy.resolve("kernels/6.1.0-56-amd64.config"), "CONFIG_SLUB=y\n");
        Report.Outcome o = Report.write(RunFixtures.copy("full", tmp), RunFixtures.CONFIGS, indexes);
        assertTrue(Pattern.compile("source index for kernel 6.1.0-56-amd64: index .* has format 0, this hapmeter "
                + "reads 1 \\(rebuild it with --force\\)").matcher(o.missing().get(0)).find(), o.missing().toString());
    }

    private static Map<String, Object> rowMap(Table t, List<Object> row) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < t.columns().size(); i++) {
            m.put(t.columns().get(i), row.get(i));
        }
        return m;
    }
}
