package hapmeter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run lacks is listed under Missing and the rest still renders; no run at all is a one-line error. */
class PartialRunTest {
    @TempDir
    Path tmp;

    private static boolean has(List<String> missing, String start) {
        return missing.stream().anyMatch(m -> m.startsWith(start));
    }

    @Test
    void failedCellsMissingTracesAndKallsymsAreListedAndTheRestRenders() throws IOException {
        Path run = RunFixtures.copy("partial", tmp);
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        List<String> missing = o.missing();
        assertTrue(has(missing, "qemu: failed: qemu: warm-up request 1"), missing.toString());
        assertTrue(has(missing, "kvm: failed: "), missing.toString());
        assertTrue(has(missing, "socket/trace.txt.gz: not found; the syscall table lacks socket"), missing.toString());
        assertTrue(has(missing, "kallsyms.txt.gz: not found; no code sizes"), missing.toString());
        assertTrue(has(missing, "ratio qemu/kvm: qemu and kvm not measured"), missing.toString());
        assertTrue(has(missing, "ratio kvm/socket: kvm not measured"), missing.toString());

        Table counts = o.content().table(ReportTables.COUNTS);
        assertEquals(List.of("socket", "tap", "qemu", "kvm"), counts.rows().stream().map(r -> r.get(0)).toList());
        assertEquals("failed", counts.rows().get(2).get(1));
        assertNull(counts.rows().get(2).get(2));
        assertNull(o.content().table(ReportTables.CODE_SIZE));
        assertEquals(List.of("tap/socket total", "tap/socket network"),
                o.content().table("reference_ratios").rows().stream().map(r -> r.get(0)).toList());

        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<section id=\"missing\""));
        assertTrue(html.indexOf("id=\"missing\"") < html.indexOf("id=\"figure4\""), "Missing comes first");
        assertTrue(html.contains("qemu: failed: qemu: warm-up request 1: wget http://127.0.0.1:58871/ failed (exit 4)"));
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("## Missing\n\n- socket/trace.txt.gz: not found"), md);
        assertTrue(md.contains("\n- qemu: failed: "), md);
        assertTrue(Files.size(run.resolve("figure4.png")) > 0, "the measured cells are drawn");
        assertFalse(Files.exists(run.resolve("tables/code_size.csv")));
    }

    @Test
    void withoutCampaignJsonTheCellsAreFoundByTheirSummaries() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Files.delete(run.resolve("campaign.json"));
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        assertTrue(has(o.missing(), "campaign.json: not found; cells are the directories holding a summary.json"),
                o.missing().toString());
        assertEquals(List.of("socket", "tap", "qemu", "kvm"),
                o.content().table(ReportTables.COUNTS).rows().stream().map(r -> r.get(0)).toList());
        // The default kallsyms name is still tried.
        assertTrue(o.content().table(ReportTables.CODE_SIZE) != null);
        assertEquals("tcg", o.content().data().facts().get("accelerator"));
    }

    @Test
    void anUnreadableTraceOrFunctionListCostsOnlyItsTables() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Files.writeString(run.resolve("kvm/trace.txt.gz"), "garbage");
        Files.delete(run.resolve("tap/functions.txt"));
        Files.writeString(run.resolve("qemu/summary.json"), "{ not json");
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        assertTrue(has(o.missing(), "kvm/trace.txt.gz: unreadable (no function_graph call line"), o.missing().toString());
        assertTrue(has(o.missing(), "tap/functions.txt: not found; tables 2 and 3 and code sizes lack tap"),
                o.missing().toString());
        assertTrue(has(o.missing(), "qemu/summary.json: unreadable ("), o.missing().toString());
        assertEquals(List.of("syscall", "socket", "tap"), o.content().table("syscalls").columns());
        assertEquals(List.of("substring", "socket", "kvm"), o.content().table("substrings_network").columns());
        assertEquals(List.of("socket", "kvm"), o.content().table(ReportTables.CODE_SIZE).rows().stream()
                .map(r -> r.get(0)).toList());
    }

    @Test
    void aRunDirectoryThatDoesNotExistIsAOneLineError() {
        Path nosuch = tmp.resolve("nosuch");
        HapmeterException e = assertThrows(HapmeterException.class,
                () -> Report.write(nosuch, RunFixtures.CONFIGS, RunFixtures.INDEXES));
        assertEquals("no run directory " + nosuch, e.getMessage());
    }

    @Test
    void aDirectoryWithoutCellsIsAOneLineError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        HapmeterException e = assertThrows(HapmeterException.class,
                () -> Report.write(empty, RunFixtures.CONFIGS, RunFixtures.INDEXES));
        assertTrue(e.getMessage().startsWith(empty + " holds no cells"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Files.writeString(empty.resolve("campaign.json"), "{\"run_id\": \"x\", \"cells\": {}}");
        assertThrows(HapmeterException.class,
                () -> Report.write(empty, RunFixtures.CONFIGS, RunFixtures.INDEXES));
        try (var s = Files.list(empty)) {
            assertEquals(List.of(empty.resolve("campaign.json")), s.toList(), "nothing written");
        }
    }
}
