package hapmeter.trace;

import static hapmeter.trace.TraceVariants.forkComment;
import static hapmeter.trace.TraceVariants.stream;
import static hapmeter.trace.TraceVariants.traceCmdFork;
import static hapmeter.trace.TraceVariants.traceCmdReport;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hapmeter.trace.CountedTask.Via;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Task selection that follows the workload, on the recorded traces with sched_process_fork events added the way
 * tracefs and trace-cmd print them (the fixtures were recorded without that event), and the lost-events counters.
 */
class TaskSelectionTest {
    private static final List<String> LINES = Fixtures.traceLines();
    private static final Path TAP = Path.of("src/test/resources/fixtures/tap-6.1.0-56-tcg.trace.gz");
    private final TraceAnalyzer analyzer = new TraceAnalyzer(Fixtures.interruptRules());

    @Test
    void countedTasksSayWhoTheyAreAndHowManyLinesTheyHad() throws IOException {
        TraceResult r = analyzer.analyze(Fixtures.trace(), Set.of(99));
        long serverLines = LINES.stream().filter(l -> l.contains("httpd-s-99   |")).count();
        assertEquals(List.of(new CountedTask(99, "httpd-s", null, serverLines, Via.ARM)), r.tasks());
        TraceResult all = analyzer.analyze(Fixtures.trace(), null);
        assertEquals(List.of(14, 99), all.tasks().stream().map(CountedTask::pid).toList());
        assertEquals(Set.of(Via.ALL), all.tasks().stream().map(CountedTask::via).collect(Collectors.toSet()));
    }

    /** The server (99) "forks" ksoftirqd (14): followed, the child counts; with a plain pid set it does not. */
    @Test
    void forkedTasksAreFollowedWhereverTheForkEventIs() throws IOException {
        TraceResult server = analyzer.analyze(Fixtures.trace(), Set.of(99));
        TraceResult all = analyzer.analyze(Fixtures.trace(), null);
        ForkEvent fork = new ForkEvent(99, "httpd-s", 14, "httpd-s");
        for (int at : List.of(1, LINES.size())) { // before and after the child's lines
            List<String> lines = new ArrayList<>(LINES);
            lines.add(at, forkComment("httpd-s-99", 14));
            TraceResult plain = analyzer.analyze(stream(lines), Set.of(99));
            assertEquals(server.functions(), plain.functions());
            assertEquals(List.of(fork), plain.forks());

            TraceResult followed = analyzer.analyzeSelection(stream(lines), TaskSelection.followingForks(Set.of(99), Set.of()));
            assertEquals(all.functions(), followed.functions());
            assertEquals(all.calls(), followed.calls());
            assertEquals(List.of(Via.FORK, Via.ARM), followed.tasks().stream().map(CountedTask::via).toList());
            assertEquals(99, followed.tasks().get(0).parentPid());

            // Read back at disarm, the parent counts, and so does what it forked.
            TraceResult disarm = analyzer.analyzeSelection(stream(lines), TaskSelection.followingForks(Set.of(), Set.of(99)));
            assertEquals(List.of(Via.FORK, Via.DISARM), disarm.tasks().stream().map(CountedTask::via).toList());
            // The child alone does not bring in its parent.
            TraceResult child = analyzer.analyzeSelection(stream(lines), TaskSelection.followingForks(Set.of(14), Set.of()));
            assertEquals(List.of(14), child.tasks().stream().map(CountedTask::pid).toList());
        }
    }

    @Test
    void traceCmdForkEvents() throws IOException {
        List<String> report = new ArrayList<>(traceCmdReport(LINES));
        report.add(report.size(), traceCmdFork("httpd-s-99", 14));
        TraceResult r = analyzer.analyzeSelection(stream(report), TaskSelection.followingForks(Set.of(99), Set.of()));
        assertEquals(0, r.skippedLines());
        assertEquals(List.of(new ForkEvent(99, "httpd-s", 14, "httpd-s")), r.forks());
        assertEquals(analyzer.analyze(Fixtures.trace(), null).functions(), r.functions());
    }

    /** tap's three tasks: main 132 forks 133, which forks 134. From 132 alone, the chain gives today's count. */
    @Test
    void forksAreFollowedTransitively() throws IOException {
        List<String> lines = new ArrayList<>(lines(TAP));
        lines.add(forkComment("httpd-t-133", 134)); // the grandchild's fork last, its parent's after it
        lines.add(forkComment("httpd-t-132", 133));
        TraceResult followed = analyzer.analyzeSelection(stream(lines), TaskSelection.followingForks(Set.of(132), Set.of()));
        TraceResult pinned = analyzer.analyze(TAP, Set.of(132, 133, 134));
        assertEquals(pinned.functions(), followed.functions());
        assertEquals(pinned.calls(), followed.calls());
        assertEquals(List.of(Via.ARM, Via.FORK, Via.FORK), followed.tasks().stream().map(CountedTask::via).toList());
        assertEquals(List.of(132, 133), followed.tasks().stream().skip(1).map(CountedTask::parentPid).toList());
    }

    @Test
    void lostEventsAreCountedNotFatal() throws IOException {
        TraceResult clean = analyzer.analyze(Fixtures.trace(), Set.of(99));
        List<String> lines = new ArrayList<>(LINES);
        lines.add(300, "CPU:0 [LOST 123 EVENTS]");
        lines.add(100, "CPU:0 [LOST EVENTS]"); // the kernel could not tell how many
        TraceResult r = analyzer.analyze(stream(lines), Set.of(99));
        assertEquals(List.of(0L, 2L, 123L), List.of(r.skippedLines(), r.lostMarkers(), r.eventsLost()));
        assertEquals(clean.functions(), r.functions());

        List<String> report = new ArrayList<>(traceCmdReport(LINES));
        report.add(200, "CPU:0 [77 EVENTS DROPPED]");
        TraceResult tc = analyzer.analyze(stream(report), Set.of(99));
        assertEquals(List.of(0L, 1L, 77L), List.of(tc.skippedLines(), tc.lostMarkers(), tc.eventsLost()));
        assertEquals(List.of(0L, 0L), List.of(clean.lostMarkers(), clean.eventsLost()));
    }

    private static List<String> lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1).lines().toList();
        }
    }
}
