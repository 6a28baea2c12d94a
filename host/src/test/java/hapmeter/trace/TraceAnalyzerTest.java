package hapmeter.trace;

import static hapmeter.trace.TraceVariants.interleave;
import static hapmeter.trace.TraceVariants.map;
import static hapmeter.trace.TraceVariants.noDuration;
import static hapmeter.trace.TraceVariants.noProc;
import static hapmeter.trace.TraceVariants.noTails;
import static hapmeter.trace.TraceVariants.onCpu;
import static hapmeter.trace.TraceVariants.withAbstime;
import static hapmeter.trace.TraceVariants.withMarkersAndComments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.Home;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real trace, and on variants derived from it the way the other funcgraph options would print it. */
class TraceAnalyzerTest {
    private static final Set<Integer> SERVER = Set.of(99);
    private static final List<String> LINES = Fixtures.traceLines();

    private final TraceAnalyzer analyzer = new TraceAnalyzer(Fixtures.interruptRules());

    @Test
    void realTrace() throws IOException {
        TraceResult r = analyzer.analyze(Fixtures.trace(), SERVER);
        assertEquals("function_graph+proc", r.format());
        assertEquals(LINES.size(), r.lines());
        assertEquals(0, r.skippedLines());
        assertEquals(Set.of(14, 99), r.pidsSeen());
        assertTrue(r.functionsRaw().containsAll(r.functions()));
        assertTrue(r.functions().size() > 300, "functions: " + r.functions().size());
        assertTrue(r.calls() > 0 && r.calls() < r.callsRaw());
        assertTrue(r.functions().contains("tcp_release_cb"));
        assertTrue(r.functions().contains("finish_task_switch"), "normalised from finish_task_switch.isra.0");
        assertFalse(r.functionsRaw().contains("finish_task_switch.isra.0"));
        assertTrue(r.functions().contains("virtqueue_add_outbuf"), "module symbols lose their ' [virtio_ring]'");
    }

    /** Every name on a call line, by a plain per-line regex: the same set as functionsRaw for all tasks. */
    @Test
    void rawNamesMatchAnIndependentExtraction() throws IOException {
        Pattern call = Pattern.compile("\\|\\s*([A-Za-z_][\\w.]*)(?: \\[\\w+])?\\(\\)\\s*[{;]");
        Set<String> expected = new TreeSet<>();
        for (String l : LINES) {
            Matcher m = call.matcher(l);
            if (m.find()) {
                expected.add(FunctionNames.normalize(m.group(1)));
            }
        }
        assertEquals(expected, analyzer.analyze(Fixtures.trace(), null).functionsRaw());
    }

    @Test
    void softirqSubtreesAreDropped() throws IOException {
        assertTrue(LINES.stream().anyMatch(l -> l.endsWith("|                            handle_softirqs() {")),
                "a bare handle_softirqs() subtree under the interrupted function");
        TraceResult r = analyzer.analyze(Fixtures.trace(), SERVER);
        for (String f : List.of("handle_softirqs", "do_softirq", "__do_softirq", "net_rx_action", "__napi_poll",
                "virtnet_poll", "tcp_v4_rcv", "irq_enter_rcu")) {
            assertTrue(r.functionsRaw().contains(f), f);
            assertFalse(r.functions().contains(f), f);
        }
    }

    /**
     * __kthread_should_park is called under do_softirq.part.0 (11 times) but also twice right after a bare
     * irq_enter_rcu(): the exit of a hardirq whose handler funcgraph-irqs=0 hid. Both go; the second only thanks
     * to irq_exit_calls.
     */
    @Test
    void hardirqExitCallsAreDropped() throws IOException {
        int underSoftirq = 0;
        int afterIrqEntry = 0;
        for (int i = 1; i < LINES.size(); i++) {
            if (LINES.get(i).contains("__kthread_should_park();")) {
                String prev = LINES.get(i - 1);
                if (prev.contains("do_softirq.part.0() {")) {
                    underSoftirq++;
                } else {
                    assertTrue(prev.contains("irq_enter_rcu();"), prev);
                    afterIrqEntry++;
                }
            }
        }
        assertTrue(underSoftirq > 0 && afterIrqEntry > 0, underSoftirq + " / " + afterIrqEntry);

        TraceResult r = analyzer.analyze(Fixtures.trace(), SERVER);
        for (String f : List.of("__kthread_should_park", "idle_cpu")) {
            assertTrue(r.functionsRaw().contains(f), f);
            assertFalse(r.functions().contains(f), f);
        }

        InterruptRules rootsOnly = Fixtures.interruptRules();
        rootsOnly = new InterruptRules(rootsOnly.description(), rootsOnly.subtreeRoots(), List.of());
        TraceResult without = new TraceAnalyzer(rootsOnly).analyze(Fixtures.trace(), SERVER);
        assertTrue(without.functions().containsAll(List.of("__kthread_should_park", "idle_cpu")));
    }

    @Test
    void pidFilterDropsOtherTasks() throws IOException {
        Set<String> ksoftirqdOnly = Set.of("switch_mm_irqs_off", "load_new_mm_cr3", "switch_ldt");
        TraceResult server = analyzer.analyze(Fixtures.trace(), SERVER);
        TraceResult all = analyzer.analyze(Fixtures.trace(), null);
        TraceResult ksoftirqd = analyzer.analyze(Fixtures.trace(), Set.of(14));
        assertTrue(ksoftirqdOnly.stream().noneMatch(server.functionsRaw()::contains));
        assertTrue(all.functions().containsAll(ksoftirqdOnly));
        assertEquals(ksoftirqdOnly, ksoftirqd.functions());
        assertEquals(Set.of(14, 99), server.pidsSeen());
        assertEquals(LINES.size(), server.lines());
    }

    @Test
    void commsWithDashesSpacesAndIdle() throws IOException {
        Set<String> expected = analyzer.analyze(Fixtures.trace(), Set.of(14)).functions();
        assertEquals(expected, analyze(map(LINES, l -> l.replace("ksoftir-14", "my-app x-14")), Set.of(14))
                .functions());
        assertEquals(expected, analyze(map(LINES, l -> l.replace("ksoftir-14", "<idle>-0")), Set.of(0)).functions());
    }

    @Test
    void formatVariants() throws IOException {
        TraceResult proc = analyzer.analyze(Fixtures.trace(), null);
        assertVariant(proc, "function_graph", noProc(LINES));
        assertVariant(proc, "function_graph+abstime+proc", withAbstime(LINES));
        assertVariant(proc, "function_graph+abstime", withAbstime(noProc(LINES)));
        assertVariant(proc, "function_graph+proc", noTails(LINES));
        assertVariant(proc, "function_graph", noTails(noProc(LINES)));
        assertVariant(proc, "function_graph+proc", noDuration(LINES));
        assertVariant(proc, "function_graph", noDuration(noProc(LINES)));
        assertVariant(proc, "function_graph+proc", withMarkersAndComments(LINES));
        assertVariant(proc, "function_graph", noProc(withMarkersAndComments(LINES)));

        TraceResult crlf = analyzer.analyze(bytes(String.join("\r\n", LINES) + "\r\n"), null);
        assertEquals(proc.functions(), crlf.functions());
        assertEquals(0, crlf.skippedLines());
    }

    /** Without the proc column the pid filter cannot apply: everything is kept. */
    @Test
    void withoutProcColumnPidsAreIgnored() throws IOException {
        TraceResult r = analyze(noProc(LINES), SERVER);
        assertEquals(analyzer.analyze(Fixtures.trace(), null).functions(), r.functions());
        assertEquals(Set.of(14, 99), r.pidsSeen(), "from the context switch blocks");
    }

    @Test
    void gzipIsDetectedByContent(@TempDir Path tmp) throws IOException {
        Path gz = tmp.resolve("trace.gz");
        try (GZIPOutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(Fixtures.trace(), o);
        }
        Path unnamed = Files.copy(gz, tmp.resolve("trace.bin"));
        TraceResult plain = analyzer.analyze(Fixtures.trace(), SERVER);
        assertEquals(plain, analyzer.analyze(gz, SERVER));
        assertEquals(plain, analyzer.analyze(unnamed, SERVER));
    }

    /** Another CPU's task interleaved line by line: nesting is kept per task, so each is filtered on its own. */
    @Test
    void multipleCpus() throws IOException {
        List<String> tail = LINES.subList(firstIndex("} /* schedule */"), LINES.size()); // starts mid-stack

        List<String> other = onCpu(map(tail, l -> l.replace("httpd-s-99", "httpd-s-98")), 1);
        Set<String> union = new TreeSet<>(analyzer.analyze(Fixtures.trace(), null).functions());
        union.addAll(analyze(other, null).functions());
        assertEquals(union, analyze(interleave(LINES, other), null).functions());
        TraceResult server = analyze(interleave(LINES, other), SERVER);
        assertEquals(analyzer.analyze(Fixtures.trace(), SERVER).functionsRaw(), server.functionsRaw());
        assertEquals(analyzer.analyze(Fixtures.trace(), SERVER).functions(), server.functions());

        List<String> otherNoProc = onCpu(noProc(tail), 1);
        Set<String> unionNoProc = new TreeSet<>(analyze(noProc(LINES), null).functions());
        unionNoProc.addAll(analyze(otherNoProc, null).functions());
        assertEquals(unionNoProc, analyze(interleave(noProc(LINES), otherNoProc), null).functions());
    }

    @Test
    void startsMidStack() throws IOException {
        TraceResult r = analyze(LINES.subList(firstIndex("} /* schedule */"), LINES.size()), SERVER);
        assertFalse(r.functions().isEmpty());
        assertTrue(analyzer.analyze(Fixtures.trace(), SERVER).functions().containsAll(r.functions()));
    }

    @Test
    void truncatedLastLine() throws IOException {
        int at = IntStream.range(0, LINES.size()).filter(i -> LINES.get(i).endsWith("tcp_release_cb();")).max()
                .orElseThrow();
        String cut = LINES.get(at).substring(0, LINES.get(at).indexOf("tcp_release_cb") + 6);
        List<String> before = LINES.subList(0, at);
        TraceResult r = analyzer.analyze(bytes(String.join("\n", before) + "\n" + cut), SERVER);
        assertEquals(1, r.skippedLines());
        assertEquals(before.size() + 1, r.lines());
        assertEquals(analyze(before, SERVER).functions(), r.functions());
    }

    @Test
    void garbageLinesAreCountedNotFatal() throws IOException {
        List<String> garbage = List.of("hello world", " 0)   httpd-s-99   |", " 0) ||| ???", "\u0001\u0002\u00ff bin",
                " 0)   httpd-s-99   |   1.000 us    |  tcp_v4_rcv(", "-----x", " 7) foo-bar => ", " 99999999999) x",
                " 0)   httpd-s-99   | + 1.000 us    |  )(;{", "x".repeat(3 << 20));
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < LINES.size(); i++) {
            mixed.add(LINES.get(i));
            if (i % 150 == 10) {
                mixed.add(garbage.get(i / 150 % garbage.size()));
            }
        }
        int inserted = mixed.size() - LINES.size();
        assertTrue(inserted >= garbage.size());
        TraceResult r = analyze(mixed, SERVER);
        assertEquals(inserted, r.skippedLines());
        TraceResult clean = analyzer.analyze(Fixtures.trace(), SERVER);
        assertEquals(clean.functions(), r.functions());
        assertEquals(clean.functionsRaw(), r.functionsRaw());
    }

    /** Lines split across reads of any size. */
    @Test
    void smallReads() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.trace());
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(all)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        assertEquals(analyzer.analyze(Fixtures.trace(), SERVER), analyzer.analyze(trickle, SERVER));
    }

    @Test
    void headerOnlyIsAnEmptyTrace() throws IOException {
        TraceResult r = analyze(LINES.subList(0, 4), null);
        assertTrue(r.functions().isEmpty());
        assertEquals("function_graph", r.format());
    }

    @Test
    void notATrace(@TempDir Path tmp) throws IOException {
        Path pom = Home.root().resolve("pom.xml");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> analyzer.analyze(pom, null));
        assertTrue(e.getMessage().startsWith(pom + ": not a function_graph trace"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Path text = Files.writeString(tmp.resolve("words.txt"), "lorem ipsum dolor\n".repeat(5000));
        e = assertThrows(TraceFormatException.class, () -> analyzer.analyze(text, null));
        assertTrue(e.getMessage().contains("none of the first 1000 lines"), e.getMessage());

        List<String> functionTracer = new ArrayList<>(LINES);
        functionTracer.set(0, "# tracer: function");
        e = assertThrows(TraceFormatException.class, () -> analyze(functionTracer, null));
        assertTrue(e.getMessage().contains("'# tracer: function'"), e.getMessage());

        e = assertThrows(TraceFormatException.class, () -> analyzer.analyze(bytes(""), null));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void variantsLookLikeTheKernelsOutput() {
        assertEquals(" 0)   ksoftir-14   |               |  switch_mm_irqs_off() {", LINES.get(4));
        assertEquals(" 0)               |  switch_mm_irqs_off() {", noProc(LINES).get(4));
        assertEquals(" 0) + 45.258 us   |    load_new_mm_cr3();", noProc(LINES).get(5));
        assertEquals(" 1234.003988 |   0)   ksoftir-14   |               |  switch_mm_irqs_off() {",
                withAbstime(LINES).get(4));
        assertEquals(" 0)   ksoftir-14   | ! 563.009 us  |  }", noTails(LINES).get(7));
        assertEquals(" 0)   ksoftir-14   =>   httpd-s-99  ", noProc(LINES).get(9), "switch blocks stay");
        assertEquals(" 0)   ksoftir-14   |   load_new_mm_cr3();", noDuration(LINES).get(5));
        assertEquals(" 0)   load_new_mm_cr3();", noDuration(noProc(LINES)).get(5));
        List<String> marked = noProc(withMarkersAndComments(LINES));
        assertTrue(marked.contains(" 0)   ==========> |"), "as funcgraph-irqs=1 prints them");
    }

    private void assertVariant(TraceResult expected, String format, List<String> lines) throws IOException {
        TraceResult r = analyze(lines, null);
        assertEquals(format, r.format());
        assertEquals(0, r.skippedLines(), format);
        assertEquals(expected.functions(), r.functions(), format);
        assertEquals(expected.functionsRaw(), r.functionsRaw(), format);
        assertEquals(expected.calls(), r.calls(), format);
    }

    private TraceResult analyze(List<String> lines, Set<Integer> pids) throws IOException {
        return analyzer.analyze(bytes(String.join("\n", lines) + "\n"), pids);
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int firstIndex(String needle) {
        return IntStream.range(0, LINES.size()).filter(i -> LINES.get(i).contains(needle)).findFirst().orElseThrow();
    }

}
