package hapmeter.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a function_graph trace, on bytes: splits it into lines, detects the format (a tracefs trace file,
 * or `trace-cmd report` output recognised on its first event line), and hands each line's event to the task tracker,
 * the interrupt filter and a listener. Tasks are selected only at the end ({@link #result}).
 */
final class GraphParser {
    /** Non-comment lines allowed before the first function_graph line; past that the input is something else. */
    private static final int DETECT_LINES = 1000;
    private static final byte[] TRACER_TAG = Bytes.ascii("# tracer:");

    private final Names names;
    private final InterruptFilter filter;
    private final TracefsLexer tracefs;
    private final TraceCmdLexer traceCmd;
    private final GraphListener listener; // or null
    private final TaskTracker tracker = new TaskTracker();
    private final GraphEvent ev = new GraphEvent();
    private final List<ForkEvent> forks = new ArrayList<>();

    private long lines;
    private long skipped;
    private long lostMarkers;
    private long eventsLost;
    private long linesBeforeGraph;
    private boolean seenGraphLine;
    private boolean isTraceCmd; // detected on its first event line
    private boolean headerSaysGraph;
    private String format;

    GraphParser(InterruptRules rules, Names names, GraphListener listener) {
        this.names = names;
        GraphBody body = new GraphBody(names);
        this.filter = new InterruptFilter(rules, names);
        this.tracefs = new TracefsLexer(body);
        this.traceCmd = new TraceCmdLexer(body);
        this.listener = listener;
    }

    void parse(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 20];
        int len = 0;
        boolean dropping = false; // inside an over-long line, which cannot be a trace line
        for (int n; (n = in.read(buf, len, buf.length - len)) >= 0; ) {
            int start = 0;
            // Bytes before len had no newline (they are the previous read's unfinished line).
            for (int i = len, end = len + n; i < end; i++) {
                if (buf[i] == '\n') {
                    if (dropping) {
                        dropping = false;
                    } else {
                        line(buf, start, i);
                    }
                    start = i + 1;
                }
            }
            len += n - start;
            System.arraycopy(buf, start, buf, 0, len);
            if (len == buf.length) {
                if (!dropping) {
                    line(buf, 0, len);
                }
                dropping = true;
                len = 0;
            }
        }
        if (len > 0 && !dropping) {
            line(buf, 0, len); // last line without a newline, possibly truncated
        }
    }

    /** @throws TraceFormatException if what was parsed is not a function_graph trace */
    void requireGraph() throws TraceFormatException {
        if (!seenGraphLine && !headerSaysGraph) {
            throw new TraceFormatException(lines == 0 ? "empty input, not a function_graph trace"
                    : "not a function_graph trace: no line like ' 0)   task-42   |   1.234 us    |  func();'");
        }
    }

    /** Whether call lines name their task (the proc column, or trace-cmd's task field). */
    boolean hasTaskColumn() {
        return tracker.tasks().stream().anyMatch(t -> t.procColumn);
    }

    /** The tasks SELECTION counts, in pid order (those without a pid first). */
    List<Task> select(TaskSelection selection) {
        Set<Integer> forked = selection.forked(forks);
        return tracker.tasks().stream().filter(t -> via(t, selection, forked) != null)
                .sorted(Comparator.comparingInt(t -> t.pid)).toList();
    }

    TraceResult result(TaskSelection selection) {
        Set<Integer> forked = selection.forked(forks);
        Map<Integer, Integer> parents = new HashMap<>();
        forks.forEach(f -> parents.putIfAbsent(f.childPid(), f.parentPid()));
        BitSet kept = new BitSet();
        BitSet raw = new BitSet();
        long calls = 0;
        long callsRaw = 0;
        List<CountedTask> counted = new ArrayList<>();
        for (Task t : select(selection)) {
            kept.or(BitSet.valueOf(t.kept));
            raw.or(BitSet.valueOf(t.raw));
            calls += t.calls;
            callsRaw += t.callsRaw;
            if (t.pid != GraphEvent.NO_PID) {
                counted.add(new CountedTask(t.pid, t.commName(), parents.get(t.pid), t.lines,
                        via(t, selection, forked)));
            }
        }
        return new TraceResult(names.collect(kept), names.collect(raw), lines, calls, callsRaw, skipped,
                Collections.unmodifiableSet(tracker.pidsSeen()), format != null ? format : "function_graph",
                List.copyOf(counted), List.copyOf(forks), lostMarkers, eventsLost);
    }

    /** Without the proc column there is no pid to select on: such tasks always count. */
    private static CountedTask.Via via(Task t, TaskSelection selection, Set<Integer> forked) {
        return t.procColumn ? selection.via(t.pid, forked) : CountedTask.Via.ALL;
    }

    private void line(byte[] b, int s, int end) throws TraceFormatException {
        lines++;
        int e = end > s && b[end - 1] == '\r' ? end - 1 : end;
        int p = Bytes.skipSpaces(b, s, e);
        if (p == e) {
            return;
        }
        if (b[p] == '#') {
            header(b, p, e);
            return;
        }
        if (!seenGraphLine && ++linesBeforeGraph > DETECT_LINES) {
            throw new TraceFormatException("not a function_graph trace: none of the first " + DETECT_LINES
                    + " lines looks like ' 0)   task-42   |   1.234 us    |  func();'");
        }
        int kind;
        if (isTraceCmd) {
            kind = traceCmd.lex(b, p, e, ev);
        } else if (seenGraphLine || (kind = detect(b, p, e)) == GraphEvent.FOREIGN) {
            kind = tracefs.lex(b, p, e, ev);
        }
        switch (kind) {
            case GraphEvent.ENTRY, GraphEvent.LEAF, GraphEvent.EXIT -> call(b, kind);
            case GraphEvent.COMMENT -> {
                graphLine();
                event(b);
            }
            case GraphEvent.EVENT -> event(b);
            case GraphEvent.IRQ_MARKER -> graphLine();
            case GraphEvent.SWITCH -> tracker.contextSwitch(ev);
            case GraphEvent.LOST -> {
                lostMarkers++;
                eventsLost += Math.max(0, ev.lost);
            }
            case GraphEvent.MALFORMED, GraphEvent.FOREIGN -> skipped++;
            default -> { // IGNORED
            }
        }
    }

    /** Before the first graph line: another tool's output? `trace-cmd report` is recognised on its first event. */
    private int detect(byte[] b, int p, int e) {
        if (TraceCmdLexer.isPreamble(b, p, e)) {
            return GraphEvent.IGNORED;
        }
        int kind = traceCmd.lex(b, p, e, ev);
        isTraceCmd = kind != GraphEvent.FOREIGN && kind != GraphEvent.LOST; // both print LOST lines
        return kind;
    }

    private void call(byte[] b, int kind) {
        graphLine();
        Task t = tracker.task(b, ev);
        int verdict = filter.accept(t.irq, ev.indent, kind, ev.name);
        t.count(verdict, ev.name);
        if (listener != null) {
            listener.line(t, ev.indent, kind, ev.name, verdict);
        }
    }

    private void event(byte[] b) {
        if (Bytes.startsWith(b, ev.textStart, ev.textEnd, ForkEvent.NAME)) {
            ForkEvent f = ForkEvent.parse(Bytes.string(b, ev.textStart, ev.textEnd));
            if (f == null) {
                skipped++;
            } else {
                forks.add(f);
            }
        }
    }

    private void graphLine() {
        if (!seenGraphLine) {
            seenGraphLine = true;
            format = isTraceCmd ? TraceCmdLexer.FORMAT
                    : "function_graph" + (ev.abstime ? "+abstime" : "") + (ev.pid != GraphEvent.NO_PID ? "+proc" : "");
        }
    }

    private void header(byte[] b, int p, int e) throws TraceFormatException {
        int n = TRACER_TAG.length;
        if (e - p >= n && Arrays.equals(b, p, p + n, TRACER_TAG, 0, n)) {
            String tracer = new String(b, p + n, e - p - n, StandardCharsets.ISO_8859_1).trim();
            if (!tracer.equals("function_graph")) {
                throw new TraceFormatException("not a function_graph trace: its header says '# tracer: " + tracer + "'");
            }
            headerSaysGraph = true;
        }
    }
}
