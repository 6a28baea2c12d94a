package hapmeter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import hapmeter.analysis.ClassRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `diff A B` on the recorded runs: how a side is named, the three sets with class and subsystem, bad sides. */
class DiffTest {
    private static final ClassRules RULES = ReportTablesTest.RULES;
    private static final String KERNEL = "6.1.0-56-amd64";

    @TempDir
    Path tmp;

    private Path full() {
        return RunFixtures.copy("full", tmp);
    }

    /** A matrix-shaped run KERNEL/SCENARIO/REP from the fixture's cells, the second kernel's summary rewritten. */
    private Path matrix(String otherKernel, int repeats) throws IOException {
        Path run = full();
        Path matrix = tmp.resolve("matrix");
        for (String k : List.of(KERNEL, otherKernel)) {
            for (int rep = 1; rep <= repeats; rep++) {
                Path cell = Files.createDirectories(matrix.resolve(k).resolve("socket").resolve(String.valueOf(rep)));
                for (String f : List.of("functions.txt", "summary.json")) {
                    Files.writeString(cell.resolve(f), Files.readString(run.resolve("socket").resolve(f))
                            .replace(KERNEL, k) + (f.startsWith("functions") ? "fake_fn_of_rep_" + rep + "\n" : ""));
                }
            }
        }
        Files.copy(run.resolve("kallsyms.txt.gz"), matrix.resolve(KERNEL).resolve("kallsyms.txt.gz"));
        return matrix;
    }

    @Test
    void aCellCanBeNamedInEachWay() {
        Path run = full();
        Set<String> socket = new TreeSet<>(RunFixtures.functions("socket"));
        for (String spec : List.of(run + ":socket", run.resolve("socket").toString(),
                run.resolve("socket/functions.txt").toString())) {
            Diff.Side s = Diff.side(spec);
            assertEquals(socket, s.functions(), spec);
            assertEquals(KERNEL, s.kernel(), spec);
            assertEquals(run.resolve("kallsyms.txt.gz").toAbsolutePath(), s.kallsyms(), spec);
            assertEquals(List.of(run.resolve("socket")), s.cells().stream().map(Path::normalize).toList(), spec);
        }
    }

    @Test
    void matrixAndRepeats() throws IOException {
        Path m = matrix("9.9.0-1-amd64", 2);
        HapmeterException e = assertThrows(HapmeterException.class, () -> Diff.side(m + ":socket"));
        assertEquals(m + " has 'socket' on 2 kernels (6.1.0-56-amd64, 9.9.0-1-amd64): write " + m
                + ":6.1.0-56-amd64/socket", e.getMessage());
        Diff.Side s = Diff.side(m + ":" + KERNEL + "/socket");
        assertEquals(2, s.cells().size(), "the repeats are united");
        assertTrue(s.functions().containsAll(List.of("fake_fn_of_rep_1", "fake_fn_of_rep_2", "tcp_sendmsg")));
        assertEquals(m.resolve(KERNEL).resolve("kallsyms.txt.gz").toAbsolutePath(), s.kallsyms());
        assertTrue(s.describe().endsWith("union of 2 repeats)"), s.describe());
        assertEquals(s.functions(), Diff.side(m.resolve(KERNEL).resolve("socket").toString()).functions(),
                "a kernel/scenario path inside the run");
        assertEquals(Set.of("9.9.0-1-amd64"), Set.of(Diff.side(m + ":9.9.0-1-amd64/socket/2").kernel()));
        e = assertThrows(HapmeterException.class, () -> Diff.side(m.toString()));
        assertEquals(m + " holds 2 scenarios (6.1.0-56-amd64/socket, 9.9.0-1-amd64/socket): name one, e.g. " + m
                + ":6.1.0-56-amd64/socket", e.getMessage());
    }

    @Test
    void badSidesAreOneLineErrors() {
        Path run = full();
        Map<String, String> expected = Map.of(
                tmp.resolve("nothing").toString(), "no such cell or run: " + tmp.resolve("nothing")
                        + " (give a cell directory, RUN_DIR:SCENARIO or RUN_DIR/KERNEL/SCENARIO)",
                tmp.resolve("nothing") + ":socket", "no such run directory: " + tmp.resolve("nothing") + " (in "
                        + tmp.resolve("nothing") + ":socket)",
                run + ":nope", run + " has no scenario 'nope' (it has: kvm, qemu, socket, tap)",
                run.toString(), run + " holds 4 scenarios (kvm, qemu, socket, tap): name one, e.g. " + run + ":kvm",
                tmp.toString() + ":x", tmp + " has no scenario 'x' (it has: kvm, qemu, socket, tap)");
        expected.forEach((spec, message) -> {
            HapmeterException e = assertThrows(HapmeterException.class, () -> Diff.side(spec), spec);
            assertEquals(message, e.getMessage());
        });
    }

    @Test
    void threeSetsWithClassAndSubsystem() throws IOException {
        Path run = full();
        Diff d = Diff.of(Diff.side(run + ":socket"), Diff.side(run + ":tap"), RULES, RunFixtures.INDEXES);
        Set<String> socket = new TreeSet<>(RunFixtures.functions("socket"));
        Set<String> tap = new TreeSet<>(RunFixtures.functions("tap"));
        Set<String> onlySocket = new TreeSet<>(socket);
        onlySocket.removeAll(tap);
        Set<String> both = new TreeSet<>(socket);
        both.retainAll(tap);
        assertEquals(onlySocket, d.diff().onlyA());
        assertEquals(both, d.diff().both());
        assertEquals(socket.size() + tap.size() - both.size(),
                d.diff().onlyA().size() + d.diff().onlyB().size() + d.diff().both().size());
        assertEquals(List.of(), d.missing());

        Map<String, Table> t = new HashMap<>();
        d.tables().forEach(x -> t.put(x.id(), x));
        List<Object> total = t.get("diff_classes").rows().get(t.get("diff_classes").rows().size() - 1);
        assertEquals(List.of("total", onlySocket.size(), d.diff().onlyB().size(), both.size()), total);
        for (List<Object> row : t.get("diff_classes").rows().subList(0, 3)) {
            assertEquals((int) onlySocket.stream().filter(f -> RULES.classify(f).equals(row.get(0))).count(), row.get(1));
        }
        Map<String, List<Object>> onlyA = new HashMap<>();
        t.get("diff_only_a").rows().forEach(r -> onlyA.put((String) r.get(0), r));
        assertEquals(List.of("tcp_sendmsg", "network", SourceTables.NOT_IN_SOURCE), onlyA.get("tcp_sendmsg"));
        assertEquals(List.of("kfree", "other", "mm"), onlyA.get("kfree"), "slab_common.c, by the configuration");
        assertEquals(List.of("function", "class", "subsystem"), t.get("diff_both").columns());
        assertTrue(t.get("diff_both").appendix());

        String text = d.text();
        assertTrue(text.startsWith("A: " + run + ":socket (kernel 6.1.0-56-amd64, " + socket.size() + " functions)\n"
                + "B: " + run + ":tap (kernel 6.1.0-56-amd64, " + tap.size() + " functions)\n"), text);
        assertTrue(text.contains("\nOnly in A: " + run + ":socket (" + onlySocket.size() + ")\n"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +tcp_sendmsg +network +\\(not in source\\)")), text);

        Path html = tmp.resolve("out/diff.html");
        d.writeHtml(html);
        String page = Files.readString(html);
        assertTrue(page.contains("<section id=\"diff_only_a\">") && page.contains("<details id=\"diff_both\">"));
        assertTrue(page.contains("<td>tcp_sendmsg</td>"));
        assertFalse(page.matches("(?s).*(src|href)=\"(https?:|//|file:).*"), "self-contained");
    }

    @Test
    void withoutASourceIndexNoSubsystemColumn() {
        Path run = full();
        Diff d = Diff.of(Diff.side(run + ":qemu"), Diff.side(run + ":kvm"), RULES, tmp.resolve("no-indexes"));
        assertEquals(1, d.missing().size(), d.missing().toString());
        assertTrue(d.missing().get(0).startsWith("source index: none for kernel 6.1.0-56-amd64"));
        d.tables().forEach(t -> assertFalse(t.columns().contains("subsystem"), t.id()));
        assertTrue(d.text().contains("\nmissing: source index: none for kernel 6.1.0-56-amd64"), d.text());
    }
}
