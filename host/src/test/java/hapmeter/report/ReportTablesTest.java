package hapmeter.report;

import static hapmeter.report.RunFixtures.CONFIGS;
import static hapmeter.report.RunFixtures.FULL_ORDER;
import static hapmeter.report.RunFixtures.INDEXES;
import static hapmeter.report.RunFixtures.RUNS;
import static hapmeter.report.RunFixtures.functions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.analysis.ClassRules;
import hapmeter.analysis.Reference;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every table on the recorded four-scenario run; expected values are derived from the fixture's files. */
class ReportTablesTest {
    static final ClassRules RULES = ClassRules.load(CONFIGS.resolve("rules/paper.json"));
    static final Reference REFERENCE = Reference.load(CONFIGS.resolve("reference/hotcloud18.json"));
    static Report.Content content;

    @BeforeAll
    static void compute() {
        content = ReportTables.compute(RunData.load(RUNS.resolve("full")), RULES, REFERENCE, INDEXES);
    }

    static List<Object> column(Table t, String name) {
        int i = t.columns().indexOf(name);
        assertTrue(i >= 0, name + " not in " + t.columns());
        return t.rows().stream().map(r -> r.get(i)).toList();
    }

    static Map<String, List<Object>> rowsByFirst(Table t) {
        Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
        t.rows().forEach(r -> out.put((String) r.get(0), r));
        return out;
    }

    @Test
    void nothingIsMissingFromTheFullRun() {
        assertEquals(List.of(), content.missing());
    }

    @Test
    void table1HasTheScenariosInThePapersOrderAndTheClassesOfFunctionsTxt() {
        Table t = content.table(ReportTables.COUNTS);
        assertEquals(FULL_ORDER, column(t, "scenario"));
        for (List<Object> row : t.rows()) {
            String cell = (String) row.get(0);
            List<String> fns = functions(cell);
            assertEquals(fns.size(), row.get(t.columns().indexOf("total")), cell);
            Map<String, Integer> byClass = RULES.countByClass(fns);
            int sum = 0;
            for (String cls : RULES.classNames()) {
                assertEquals(byClass.get(cls), row.get(t.columns().indexOf(cls)), cell + " " + cls);
                sum += byClass.get(cls);
            }
            assertEquals(fns.size(), sum);
            assertTrue((Integer) row.get(t.columns().indexOf("raw")) >= fns.size(), "raw >= total");
            assertEquals(0L, row.get(t.columns().indexOf("overrun")));
            assertEquals(1354L, row.get(t.columns().indexOf("bytes")));
            assertEquals("done", row.get(t.columns().indexOf("state")));
        }
    }

    @Test
    void tables2And3CountTheClassFunctionsContainingEachSubstring() {
        assertEquals(List.of("substrings_network", "substrings_virtualization"), content.tables().stream()
                .map(Table::id).filter(id -> id.startsWith("substrings_")).toList());
        assertTrue(content.table("substrings_network").title().startsWith("Table 2"));
        assertTrue(content.table("substrings_virtualization").title().startsWith("Table 3"));
        for (String cls : List.of("network", "virtualization")) {
            Table t = content.table("substrings_" + cls);
            assertEquals(FULL_ORDER, t.columns().subList(1, t.columns().size()));
            Map<String, List<Object>> rows = rowsByFirst(t);
            List<Object> total = rows.remove(cls + " class");
            for (int col = 1; col < t.columns().size(); col++) {
                String cell = t.columns().get(col);
                List<String> inClass = functions(cell).stream().filter(f -> RULES.classify(f).equals(cls)).toList();
                assertEquals(inClass.size(), total.get(col), cell);
                Set<String> matchedAny = new HashSet<>();
                for (Map.Entry<String, List<Object>> r : rows.entrySet()) {
                    String sub = r.getKey();
                    List<String> matching = inClass.stream().filter(f -> f.contains(sub)).toList();
                    assertEquals(matching.size(), r.getValue().get(col), cell + " " + sub);
                    assertTrue(matching.size() <= inClass.size());
                    matchedAny.addAll(matching);
                }
                // Every function of the class is there because of one of its substrings.
                assertEquals(new HashSet<>(inClass), matchedAny, cell);
            }
        }
        List<Object> virt = rowsByFirst(content.table("substrings_virtualization")).get("virtualization class");
        assertEquals(List.of(0, 0, 0), virt.subList(1, 4), "only kvm touches virtualization functions");
        assertTrue((Integer) virt.get(4) > 0);
        assertTrue((Integer) rowsByFirst(content.table("substrings_virtualization")).get("kvm").get(4) > 0);
    }

    @Test
    void referenceShowsThePublishedValuesBesideOursAndTheRatios() {
        Table values = content.table("reference_values");
        Table counts = content.table(ReportTables.COUNTS);
        for (List<Object> r : values.rows()) {
            String scenario = (String) r.get(0);
            String measure = (String) r.get(1);
            List<Object> ours = counts.rows().get(FULL_ORDER.indexOf(scenario));
            assertEquals(ours.get(counts.columns().indexOf(measure)), r.get(2), scenario + " " + measure);
            assertEquals(REFERENCE.scenarios().get(scenario).get(measure), r.get(3));
        }
        assertEquals(List.of("socket", "tap", "qemu", "kvm"), values.rows().stream().map(r -> r.get(0)).distinct().toList());
        Table ratios = content.table("reference_ratios");
        Map<String, List<Object>> byLabel = rowsByFirst(ratios);
        int socket = functions("socket").size();
        assertEquals((double) functions("tap").size() / socket, (Double) byLabel.get("tap/socket total").get(1), 1e-9);
        assertEquals((double) functions("qemu").size() / functions("kvm").size(),
                (Double) byLabel.get("qemu/kvm total").get(1), 1e-9);
        assertEquals((double) functions("kvm").size() / socket, (Double) byLabel.get("kvm/socket total").get(1), 1e-9);
        assertEquals(353.0 / 530, (Double) byLabel.get("tap/socket total").get(2), 1e-9);
        assertTrue(values.notes().get(0).contains("depend on the kernel"));
        assertTrue(ratios.notes().get(0).contains("ratios and order are what compare"));
        assertTrue(values.notes().get(1).startsWith("Order by total, ours: socket ("), values.notes().get(1));
    }

    @Test
    void syscallsAreTheEntriesOfTheTracedTasks() throws IOException {
        Table t = content.table("syscalls");
        assertEquals(FULL_ORDER, t.columns().subList(1, t.columns().size()));
        Map<String, List<Object>> rows = rowsByFirst(t);
        // The socket server's request: accept (the next one, entered after the reply), read, write, close.
        assertEquals(Set.of("accept", "read", "write", "close"), names(rows, 1));
        assertTrue(names(rows, 2).containsAll(Set.of("futex", "pselect6", "read", "write")), names(rows, 2).toString());
        // QEMU polls its tap and eventfds and writes the frames (writev) to the tap.
        assertTrue(names(rows, 3).containsAll(Set.of("ppoll", "read", "writev")), names(rows, 3).toString());
        // Counts agree with a plain grep of the entry lines of the traced pids.
        for (int col = 1; col <= FULL_ORDER.size(); col++) {
            String cell = FULL_ORDER.get(col - 1);
            Map<String, Integer> grep = grepEntries(cell);
            for (Map.Entry<String, List<Object>> r : rows.entrySet()) {
                if (!r.getKey().equals("distinct syscalls")) {
                    assertEquals(grep.get(r.getKey()), r.getValue().get(col), cell + " " + r.getKey());
                }
            }
            assertEquals(grep.size(), rows.get("distinct syscalls").get(col));
        }
        // The kvm scenario's vCPU thread is inside KVM_RUN for the whole window.
        RunData.Cell kvm = content.data().cells().get(3);
        assertFalse(kvm.syscalls().insidePids().isEmpty());
        assertTrue(t.notes().stream().anyMatch(n -> n.startsWith("kvm: task(s) " + kvm.syscalls().insidePids())));
    }

    private static Set<String> names(Map<String, List<Object>> rows, int col) {
        Set<String> out = new HashSet<>();
        rows.forEach((k, v) -> {
            if (!k.equals("distinct syscalls") && v.get(col) != null) {
                out.add(k);
            }
        });
        return out;
    }

    /** name -> count of "__x64_sys_NAME() {" lines of the cell's traced pids (this kernel's only naming). */
    private static Map<String, Integer> grepEntries(String cell) throws IOException {
        RunData.Cell c = content.data().cells().get(FULL_ORDER.indexOf(cell));
        Pattern p = Pattern.compile(".*-(\\d+) +\\|.*\\| +__x64_sys_(\\w+)\\(\\) \\{");
        Map<String, Integer> out = new java.util.TreeMap<>();
        try (BufferedReader r = TextFiles.open(RUNS.resolve("full").resolve(cell).resolve("trace.txt.gz"))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = p.matcher(line);
                if (m.matches() && c.summary().tracedPids().contains(Integer.parseInt(m.group(1)))) {
                    out.merge(m.group(2), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    @Test
    void codeSizeAddsUpAndNamesWhatKallsymsLacks() throws IOException {
        Table t = content.table(ReportTables.CODE_SIZE);
        assertNotNull(t);
        assertEquals(FULL_ORDER, column(t, "scenario"));
        Set<String> kallsymsNames = new HashSet<>();
        try (BufferedReader r = TextFiles.open(RUNS.resolve("full/kallsyms.txt.gz"))) {
            r.lines().map(l -> l.split("\\s+")[2]).forEach(kallsymsNames::add);
        }
        Map<String, List<Object>> notFound = new java.util.HashMap<>();
        content.table("code_size_not_found").rows().forEach(r -> notFound.computeIfAbsent((String) r.get(0),
                k -> new java.util.ArrayList<>()).add(r.get(1)));
        for (List<Object> row : t.rows()) {
            String cell = (String) row.get(0);
            int n = functions(cell).size();
            assertEquals(n, row.get(1));
            assertEquals(n, (Integer) row.get(2) + (Integer) row.get(3));
            long classes = 0;
            for (String cls : RULES.classNames()) {
                classes += (Long) row.get(t.columns().indexOf(cls + " bytes"));
            }
            assertEquals(row.get(4), classes, cell);
            assertTrue((Long) row.get(4) > 0);
            List<Object> missingNames = notFound.getOrDefault(cell, List.of());
            assertEquals(row.get(3), missingNames.size());
            for (Object f : missingNames) {
                assertFalse(kallsymsNames.stream().anyMatch(k -> k.equals(f) || k.startsWith(f + ".")), f + " is in kallsyms");
            }
        }
        // kallsyms was read at boot, before the scenarios loaded bridge, tun and kvm: the socket path is all
        // built in, the others lack exactly their module functions.
        assertNull(notFound.get("socket"));
        assertTrue(notFound.get("tap").stream().allMatch(f -> f.toString().matches("_*(br|tun|fdb|nbp)_.*")),
                notFound.get("tap").toString());
        assertTrue(notFound.get("kvm").containsAll(notFound.get("tap")));
    }
}
