package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.trace.Fixtures;
import hapmeter.trace.TraceVariants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `analyze TRACE…` on each format: the format named, malformed lines counted, the union, one-line errors. */
class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void namesEachFormatAndCountsMalformedLines() throws IOException {
        List<String> report = new ArrayList<>(TraceVariants.traceCmdReport(Fixtures.traceLines()));
        report.add(10, "garbage in the middle");
        Path traceCmd = Files.write(tmp.resolve("report.txt"), report);
        Path nabla = Files.write(tmp.resolve("trace"), TraceVariants.nablaMeasurementsTrace(Fixtures.traceLines()));
        CliHarness.Outcome o = CliHarness.run("analyze", "--pids", "99", Fixtures.trace().toString(),
                traceCmd.toString(), nabla.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains(Fixtures.trace() + ": format function_graph+proc, 2095 lines (0 malformed, "
                + "skipped), pids [14, 99]"), o.out());
        assertTrue(o.out().contains(traceCmd + ": format trace-cmd report, "), o.out());
        assertTrue(o.out().contains("(1 malformed, skipped)"), o.out());
        assertTrue(o.out().contains(nabla + ": format function_graph+proc, "), o.out());
        // 413 with the socket backlog counted: this trace caught the ACKs in the server (see DeferredReceiveTest).
        String functions = "functions: 368 (raw 483)";
        assertEquals(4, o.out().lines().filter(l -> l.contains(functions)).count(), o.out());
        assertTrue(o.out().contains("all 3 traces" + System.lineSeparator() + "  " + functions), o.out());
    }

    @Test
    void badTracesAreOneLineErrors() throws IOException {
        CliHarness.Outcome o = CliHarness.run("analyze", tmp.resolve("nope.trace").toString());
        assertEquals(1, o.exit());
        assertEquals("hapmeter: no such trace: " + tmp.resolve("nope.trace"), o.errorLine());
        Path words = Files.writeString(tmp.resolve("words.txt"), "lorem ipsum\n".repeat(2000));
        o = CliHarness.run("analyze", words.toString());
        assertEquals(1, o.exit());
        assertTrue(o.errorLine().startsWith("hapmeter: " + words + ": not a function_graph trace"), o.errorLine());
    }
}
