package hapmeter.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * One pass over an ftrace function_graph trace, on bytes. A line is
 * "[abstime |] [cpu)] [task-pid |] [duration |] indent body", each column there or not as the funcgraph-*
 * options say; the body is an entry "f() {", a leaf "f();", an exit "}" (with or without the tail comment), a
 * trace_printk/event comment or an irq marker. Context switches print "cpu) a-1 => b-2" blocks. The same bodies
 * in `trace-cmd report` output (funcgraph_entry/funcgraph_exit events) are recognised on its first event line.
 */
final class GraphParser {
    /** Non-comment lines allowed before the first function_graph line; past that the input is something else. */
    private static final int DETECT_LINES = 1000;
    private static final int NO_PID = Integer.MIN_VALUE;
    private static final int ENTRY = 0;
    private static final int LEAF = 1;
    private static final int EXIT = 2;
    private static final byte[] TRACER_TAG = "# tracer:".getBytes(StandardCharsets.US_ASCII);
    /** The format name of `trace-cmd report` output. */
    static final String TRACE_CMD = "trace-cmd report";
    private static final byte[] FUNCGRAPH_ENTRY = bytes("funcgraph_entry");
    private static final byte[] FUNCGRAPH_EXIT = bytes("funcgraph_exit");
    private static final byte[] CPUS = bytes("cpus=");
    private static final byte[] VERSION = bytes("version = ");
    private static final byte[] CPU = bytes("CPU ");
    private static final byte[] IS_EMPTY = bytes(" is empty");

    /** Nesting by indentation, which survives lost or tail-less closing lines better than counting braces. */
    private static final class Task {
        int irqIndent = -1; // depth of the interrupt subtree being dropped
        int tailIndent = -1; // depth at which the exit calls of a dropped interrupt may follow
    }

    private final Set<Integer> pids;
    private final Names names;
    private final HashMap<Long, Task> tasks = new HashMap<>();
    private final Set<Integer> pidsSeen = new TreeSet<>();
    private int[] cpuPid = new int[0]; // pid switched in by the last "=>" block, for traces without the proc column

    private long lines;
    private long skipped;
    private long calls;
    private long callsRaw;
    private long linesBeforeGraph;
    private boolean seenGraphLine;
    private boolean traceCmd; // the input is `trace-cmd report` output (detected on its first event line)
    private boolean headerSaysGraph;
    private String format;
    // Consecutive lines almost always belong to the same task: cache the last lookups.
    private long lastKey = Long.MIN_VALUE;
    private Task lastTask;
    private int lastPid = NO_PID;
    private boolean lastPidKept;

    GraphParser(InterruptRules rules, Set<Integer> pids) {
        this.names = new Names(rules);
        this.pids = pids;
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

    TraceResult result() throws TraceFormatException {
        if (!seenGraphLine && !headerSaysGraph) {
            throw new TraceFormatException(lines == 0 ? "empty input, not a function_graph trace"
                    : "not a function_graph trace: no line like ' 0)   task-42   |   1.234 us    |  func();'");
        }
        return new TraceResult(names.collect(Names.SEEN_KEPT), names.collect(Names.SEEN_RAW), lines, calls,
                callsRaw, skipped, Collections.unmodifiableSet(pidsSeen), format != null ? format : "function_graph");
    }

    private void line(byte[] b, int s, int end) throws TraceFormatException {
        lines++;
        int e = end > s && b[end - 1] == '\r' ? end - 1 : end;
        int p = skipSpaces(b, s, e);
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
        if (traceCmd) {
            if (!traceCmdLine(b, p, e)) {
                skipped++;
            }
            return;
        }
        if (b[p] == '-') { // the dashed frame of a context switch block, else garbage
            if (skip(b, p, e, '-') != e) {
                skipped++;
            }
            return;
        }
        boolean abstime = false;
        if (isDigit(b[p])) {
            int d = skipDigits(b, p, e);
            int f = d < e && b[d] == '.' ? skipDigits(b, d + 1, e) : d;
            int bar = skipSpaces(b, f, e);
            if (f > d + 1 && bar < e && b[bar] == '|') {
                abstime = true;
                p = skipSpaces(b, bar + 1, e);
            }
        }
        int cpu = 0;
        int afterCpu = -1;
        if (p < e && isDigit(b[p])) {
            int d = skipDigits(b, p, e);
            if (d < e && b[d] == ')' && d - p <= 6) {
                cpu = parseInt(b, p, d);
                afterCpu = d + 1;
                p = skipSpaces(b, afterCpu, e);
            }
        }
        if (p == e) {
            skipped++;
            return;
        }

        int pid = NO_PID;
        int field;
        int bar = indexOf(b, p, e, '|');
        if (bar < 0) {
            if (afterCpu < 0 && foreign(b, p, e)) {
                return;
            }
            int arrow = indexOfArrow(b, p, e);
            if (arrow >= 0) {
                contextSwitch(cpu, b, p, arrow, e);
                return;
            }
            if (afterCpu < 0) {
                skipped++;
                return;
            }
            field = afterCpu; // neither proc nor duration column: " 0)   func() {"
        } else {
            int f1 = trimEnd(b, p, bar);
            if (f1 == p || isDuration(b, p, f1)) {
                field = bar + 1; // no proc column
            } else if (isIrqMarker(b, p, f1)) {
                graphLine(abstime, NO_PID);
                return;
            } else {
                pid = pidOf(b, p, f1);
                if (pid == NO_PID) {
                    if (afterCpu >= 0 || !foreign(b, p, e)) {
                        skipped++;
                    }
                    return;
                }
                int q = skipSpaces(b, bar + 1, e);
                if (q < e && b[q] == '|') {
                    field = q + 1; // blank duration
                } else if (q < e && isDurationStart(b[q])) {
                    int bar2 = indexOf(b, q, e, '|');
                    if (bar2 < 0) {
                        skipped++;
                        return;
                    }
                    field = bar2 + 1;
                } else {
                    field = bar + 1; // no duration column
                }
            }
        }
        body(b, field, e, abstime, cpu, pid);
    }

    /** The call part of a graph line, from FIELD (after the last column's '|'): indent and entry, leaf or exit. */
    private void body(byte[] b, int field, int e, boolean abstime, int cpu, int pid) {
        int q = skipSpaces(b, field, e);
        if (q == e) {
            skipped++;
            return;
        }
        int indent = q - field;
        int kind;
        int id = -1;
        byte c = b[q];
        if (c == '}') {
            kind = EXIT;
        } else if ((c == '/' && q + 1 < e && b[q + 1] == '*') || isIrqMarker(b, q, e)) {
            graphLine(abstime, pid); // trace_printk or event text, irq entry/exit marker: not a call
            return;
        } else if (isNameStart(c)) {
            int ns = q;
            int h = 0;
            for (; q < e; q++) {
                byte x = b[q];
                if (x == '(' || x == ' ') {
                    break;
                }
                h = 31 * h + x;
            }
            int ne = q;
            int open = q;
            if (q + 1 < e && b[q] == ' ' && b[q + 1] == '[') { // "name [module]()"
                int rb = indexOf(b, q, e, ']');
                open = rb < 0 ? e : rb + 1;
            }
            int close = open < e && b[open] == '(' ? indexOf(b, open, e, ')') : -1;
            q = close < 0 ? e : skipSpaces(b, close + 1, e);
            if (q == e || (b[q] != '{' && b[q] != ';')) {
                skipped++; // also a truncated last line
                return;
            }
            kind = b[q] == '{' ? ENTRY : LEAF;
            id = names.intern(b, ns, ne, h);
        } else {
            skipped++;
            return;
        }
        graphLine(abstime, pid);
        if (pid != NO_PID && !kept(pid)) {
            return;
        }
        event(task(cpu, pid), indent, kind, id);
    }

    /** The interrupt filter, for one selected task's call or exit line at the given depth. */
    private void event(Task t, int indent, int kind, int id) {
        if (t.irqIndent >= 0) {
            if (indent > t.irqIndent || (indent == t.irqIndent && kind == EXIT)) {
                if (indent == t.irqIndent) { // the dropped subtree closes; its exit calls may follow
                    t.irqIndent = -1;
                    t.tailIndent = indent;
                } else if (kind != EXIT) {
                    raw(id);
                }
                return;
            }
            t.irqIndent = -1; // back at or above the root's depth: its closing line was lost
        }
        if (kind == EXIT) {
            t.tailIndent = -1;
            return;
        }
        raw(id);
        byte f = names.flags[id];
        if ((f & Names.ROOT) != 0 || (indent == t.tailIndent && (f & Names.EXIT_CALL) != 0)) {
            if (kind == ENTRY) {
                t.irqIndent = indent;
                t.tailIndent = -1;
            } else {
                t.tailIndent = indent;
            }
            return;
        }
        t.tailIndent = -1;
        names.flags[id] |= Names.SEEN_KEPT;
        calls++;
    }

    private void raw(int id) {
        names.flags[id] |= Names.SEEN_RAW;
        callsRaw++;
    }

    private void graphLine(boolean abstime, int pid) {
        if (!seenGraphLine) {
            seenGraphLine = true;
            format = traceCmd ? TRACE_CMD
                    : "function_graph" + (abstime ? "+abstime" : "") + (pid != NO_PID ? "+proc" : "");
        }
    }

    /**
     * Before the first kernel-format graph line, a line of another tool's output: `trace-cmd report`'s preamble
     * ("cpus=2", "version = 6", "CPU 1 is empty") or an event line, which switches the parser to that format.
     */
    private boolean foreign(byte[] b, int p, int e) {
        if (seenGraphLine) {
            return false;
        }
        return startsWith(b, p, e, CPUS) || startsWith(b, p, e, VERSION)
                || (startsWith(b, p, e, CPU) && endsWith(b, p, e, IS_EMPTY)) || traceCmdLine(b, p, e);
    }

    /**
     * A line of `trace-cmd report`: "COMM-PID [CPU] [latency] SECONDS: EVENT: body", the body of
     * funcgraph_entry/funcgraph_exit events laid out like the kernel's after its proc column ("  0.412 us   |
     * bar();", "|  foo() {", "1.046 us   |  }"). Other events are understood and ignored; false if the line does
     * not have that shape.
     */
    private boolean traceCmdLine(byte[] b, int p, int e) {
        int lb = p;
        do {
            lb = indexOf(b, lb + 1, e, '[');
        } while (lb > 0 && b[lb - 1] != ' ');
        if (lb < 0) {
            return false;
        }
        int rb = skipDigits(b, lb + 1, e);
        int pid = pidOf(b, p, trimEnd(b, p, lb));
        int colon = rb < e && b[rb] == ']' && rb > lb + 1 ? indexOf(b, rb, e, ':') : -1;
        if (pid == NO_PID || colon < 0 || !isDigit(b[colon - 1])) {
            return false;
        }
        int ns = skipSpaces(b, colon + 1, e);
        int ne = indexOf(b, ns, e, ':');
        if (ne < 0) {
            return false;
        }
        traceCmd = true;
        if (!Arrays.equals(b, ns, ne, FUNCGRAPH_ENTRY, 0, FUNCGRAPH_ENTRY.length)
                && !Arrays.equals(b, ns, ne, FUNCGRAPH_EXIT, 0, FUNCGRAPH_EXIT.length)) {
            return true; // another event, e.g. sched_switch
        }
        int bar = indexOf(b, ne, e, '|');
        if (bar < 0) {
            skipped++;
            return true;
        }
        body(b, bar + 1, e, false, parseInt(b, lb + 1, rb), pid);
        return true;
    }

    private boolean kept(int pid) {
        if (pid != lastPid) {
            lastPid = pid;
            lastPidKept = pids == null || pids.contains(pid);
            pidsSeen.add(pid);
        }
        return lastPidKept;
    }

    /** Per pid; without the proc column, per CPU's current task as told by the last context switch block. */
    private Task task(int cpu, int pid) {
        long key = pid;
        if (pid == NO_PID) {
            key = cpu < cpuPid.length && cpuPid[cpu] != NO_PID ? cpuPid[cpu] : -1L - cpu;
        }
        if (key != lastKey) {
            lastKey = key;
            lastTask = tasks.computeIfAbsent(key, k -> new Task());
        }
        return lastTask;
    }

    private void contextSwitch(int cpu, byte[] b, int p, int arrow, int e) {
        int q = skipSpaces(b, arrow + 2, e);
        int prev = pidOf(b, p, trimEnd(b, p, arrow));
        int next = pidOf(b, q, trimEnd(b, q, e));
        if (prev == NO_PID || next == NO_PID) {
            skipped++;
            return;
        }
        pidsSeen.add(prev);
        pidsSeen.add(next);
        if (cpu >= cpuPid.length) {
            int old = cpuPid.length;
            cpuPid = Arrays.copyOf(cpuPid, cpu + 1);
            Arrays.fill(cpuPid, old, cpuPid.length, NO_PID);
        }
        cpuPid[cpu] = next;
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

    /** The pid after the last '-' of a TASK-PID token (comms may hold dashes and spaces), or NO_PID. */
    private static int pidOf(byte[] b, int s, int e) {
        int dash = e - 1;
        while (dash >= s && b[dash] != '-') {
            dash--;
        }
        if (dash < s || e - dash - 1 < 1 || e - dash - 1 > 9 || skipDigits(b, dash + 1, e) != e) {
            return NO_PID;
        }
        return parseInt(b, dash + 1, e);
    }

    private static boolean isDuration(byte[] b, int s, int e) {
        return e - s >= 4 && b[e - 1] == 's' && b[e - 2] == 'u' && b[e - 3] == ' ' && isDurationStart(b[s]);
    }

    /** A digit or one of the overhead markers + ! # * @ $. */
    private static boolean isDurationStart(byte c) {
        return isDigit(c) || c == '+' || c == '!' || c == '#' || c == '*' || c == '@' || c == '$';
    }

    private static boolean isIrqMarker(byte[] b, int s, int e) {
        return e - s >= 11 && (b[s] == '=' && b[s + 10] == '>' || b[s] == '<' && b[s + 10] == '=')
                && b[s + 1] == '=' && b[s + 9] == '=';
    }

    private static boolean isNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] b, int p, int e, byte[] prefix) {
        return e - p >= prefix.length && Arrays.equals(b, p, p + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean endsWith(byte[] b, int p, int e, byte[] suffix) {
        return e - p >= suffix.length && Arrays.equals(b, e - suffix.length, e, suffix, 0, suffix.length);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSpaces(byte[] b, int p, int e) {
        return skip(b, p, e, ' ');
    }

    private static int skip(byte[] b, int p, int e, char c) {
        while (p < e && b[p] == c) {
            p++;
        }
        return p;
    }

    private static int skipDigits(byte[] b, int p, int e) {
        while (p < e && isDigit(b[p])) {
            p++;
        }
        return p;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    private static int indexOf(byte[] b, int p, int e, char c) {
        for (; p < e; p++) {
            if (b[p] == c) {
                return p;
            }
        }
        return -1;
    }

    private static int indexOfArrow(byte[] b, int p, int e) {
        for (; p + 1 < e; p++) {
            if (b[p] == '=' && b[p + 1] == '>') {
                return p;
            }
        }
        return -1;
    }

    private static int parseInt(byte[] b, int s, int e) {
        int v = 0;
        for (int i = s; i < e; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
