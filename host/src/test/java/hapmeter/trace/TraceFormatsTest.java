package hapmeter.trace;

import static hapmeter.trace.TraceVariants.nablaMeasurementsRaw;
import static hapmeter.trace.TraceVariants.nablaMeasurementsTrace;
import static hapmeter.trace.TraceVariants.stream;
import static hapmeter.trace.TraceVariants.traceCmdReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One fixture per input format, each detected and named, each giving the real trace's functions: the tracefs
 * trace file hapmeter pulls, `trace-cmd report` output and nabla-measurements' raw traces (both derived from the
 * real trace, see TraceVariants and src/test/resources/fixtures/README.md).
 */
class TraceFormatsTest {
    private static final Set<Integer> SERVER = Set.of(99);
    private static final List<String> LINES = Fixtures.traceLines();
    private final TraceAnalyzer analyzer = new TraceAnalyzer(Fixtures.interruptRules());

    private TraceResult reference(Set<Integer> pids) throws IOException {
        return analyzer.analyze(Fixtures.trace(), pids);
    }

    private void assertSameFunctions(TraceResult expected, TraceResult r) {
        assertEquals(0, r.skippedLines(), r.format());
        assertEquals(expected.functions(), r.functions(), r.format());
        assertEquals(expected.functionsRaw(), r.functionsRaw(), r.format());
        assertEquals(expected.calls(), r.calls(), r.format());
    }

    @Test
    void tracefsTraceFile() throws IOException {
        TraceResult r = reference(SERVER);
        assertEquals("function_graph+proc", r.format());
        TraceResult pulled = analyzer.analyze(Path.of(Fixtures.class.getResource("/fixtures/socket-6.1.0-56-tcg.trace.gz")
                .getPath()), Set.of(114));
        assertEquals("function_graph+proc", pulled.format());
        assertTrue(pulled.functions().contains("tcp_sendmsg"));
    }

    @Test
    void traceCmdReportOutput() throws IOException {
        List<String> report = traceCmdReport(LINES);
        assertEquals("cpus=1", report.get(0));
        assertTrue(report.contains("         ksoftir-14    [000]  1234.003988: funcgraph_entry:                    "
                + "|  switch_mm_irqs_off() {"), report.get(1));
        assertTrue(report.stream().anyMatch(l -> l.contains(": sched_switch:") && l.contains("==> next_comm=")));
        for (Set<Integer> pids : List.of(SERVER, Set.of(14))) {
            TraceResult r = analyzer.analyze(stream(report), pids);
            assertEquals("trace-cmd report", r.format());
            assertSameFunctions(reference(pids), r);
            assertEquals(Set.of(14, 99), r.pidsSeen());
        }
    }

    @Test
    void traceCmdMalformedLinesAreCountedNotFatal() throws IOException {
        List<String> report = new ArrayList<>(traceCmdReport(LINES));
        report.add(200, "      httpd-s-99    [000]  1234.500000: funcgraph_entry:   garbage without a bar");
        report.add(100, "this is not trace-cmd output");
        report.add(50, "      httpd-s-99    [000]  1234.400000: funcgraph_exit:     1.000 us   |  )(;{");
        TraceResult r = analyzer.analyze(stream(report), SERVER);
        assertEquals(3, r.skippedLines());
        assertEquals(reference(SERVER).functions(), r.functions());
    }

    /** nabla-measurements' runtest.bash: funcgraph-proc, no duration, no overhead, no tails, "=>" blocks kept. */
    @Test
    void nablaMeasurementsRawTraces() throws IOException {
        List<String> trace = nablaMeasurementsTrace(LINES);
        assertTrue(trace.contains(" 0)   ksoftir-14   =>   httpd-s-99  "), "the => markers");
        assertTrue(trace.contains(" 0)   ksoftir-14   |   load_new_mm_cr3();"), "no duration column");
        TraceResult r = analyzer.analyze(stream(trace), SERVER);
        assertEquals("function_graph+proc", r.format());
        assertSameFunctions(reference(SERVER), r);

        TraceResult raw = analyzer.analyze(stream(nablaMeasurementsRaw(trace, 99)), SERVER);
        assertEquals("function_graph+proc", raw.format());
        assertSameFunctions(reference(SERVER), raw);
    }
}
