package hapmeter.trace;

import static hapmeter.trace.Bytes.indexOf;
import static hapmeter.trace.Bytes.isDigit;
import static hapmeter.trace.Bytes.parseInt;
import static hapmeter.trace.Bytes.pidOf;
import static hapmeter.trace.Bytes.skip;
import static hapmeter.trace.Bytes.skipDigits;
import static hapmeter.trace.Bytes.skipSpaces;
import static hapmeter.trace.Bytes.trimEnd;

/**
 * A line of the tracefs {@code trace} file with function_graph: "[abstime |] [cpu)] [task-pid |] [duration |]
 * body", each column there or not as the funcgraph-* options say. Context switches print "cpu) a-1 => b-2" between
 * dashed frames.
 */
final class TracefsLexer {
    private final GraphBody body;

    TracefsLexer(GraphBody body) {
        this.body = body;
    }

    /** Lexes the non-blank, non-comment line [p, e) into EV; returns its kind. */
    int lex(byte[] b, int p, int e, GraphEvent ev) {
        ev.clear();
        if (b[p] == '-') { // the dashed frame of a context switch block, else garbage
            return ev.kind = skip(b, p, e, '-') == e ? GraphEvent.IGNORED : GraphEvent.MALFORMED;
        }
        if (b[p] == 'C' && (ev.lost = LostLine.lost(b, p, e)) != LostLine.NOT_LOST) {
            return ev.kind = GraphEvent.LOST;
        }
        if (isDigit(b[p])) {
            int d = skipDigits(b, p, e);
            int f = d < e && b[d] == '.' ? skipDigits(b, d + 1, e) : d;
            int bar = skipSpaces(b, f, e);
            if (f > d + 1 && bar < e && b[bar] == '|') {
                ev.abstime = true;
                p = skipSpaces(b, bar + 1, e);
            }
        }
        int afterCpu = -1;
        if (p < e && isDigit(b[p])) {
            int d = skipDigits(b, p, e);
            if (d < e && b[d] == ')' && d - p <= 6) {
                ev.cpu = parseInt(b, p, d);
                afterCpu = d + 1;
                p = skipSpaces(b, afterCpu, e);
            }
        }
        if (p == e) {
            return ev.kind = GraphEvent.MALFORMED;
        }
        int field;
        int bar = indexOf(b, p, e, '|');
        if (bar < 0) {
            int arrow = indexOfArrow(b, p, e);
            if (arrow >= 0) {
                return contextSwitch(b, p, arrow, e, ev);
            }
            if (afterCpu < 0) {
                return ev.kind = GraphEvent.MALFORMED;
            }
            field = afterCpu; // neither proc nor duration column: " 0)   func() {"
        } else {
            int f1 = trimEnd(b, p, bar);
            if (f1 == p || isDuration(b, p, f1)) {
                field = bar + 1; // no proc column
            } else if (GraphBody.isIrqMarker(b, p, f1)) {
                return ev.kind = GraphEvent.IRQ_MARKER; // funcgraph-irqs=1 without the proc column
            } else {
                ev.pid = pidOf(b, p, f1);
                if (ev.pid == GraphEvent.NO_PID) {
                    return ev.kind = GraphEvent.MALFORMED;
                }
                ev.taskStart = p;
                ev.taskEnd = f1;
                int q = skipSpaces(b, bar + 1, e);
                if (q < e && b[q] == '|') {
                    field = q + 1; // blank duration
                } else if (q < e && isDurationStart(b[q])) {
                    int bar2 = indexOf(b, q, e, '|');
                    if (bar2 < 0) {
                        return ev.kind = GraphEvent.MALFORMED;
                    }
                    field = bar2 + 1;
                } else {
                    field = bar + 1; // no duration column
                }
            }
        }
        return body.lex(b, field, e, ev);
    }

    private static int contextSwitch(byte[] b, int p, int arrow, int e, GraphEvent ev) {
        int q = skipSpaces(b, arrow + 2, e);
        ev.pid = pidOf(b, p, trimEnd(b, p, arrow));
        ev.nextPid = pidOf(b, q, trimEnd(b, q, e));
        boolean ok = ev.pid != GraphEvent.NO_PID && ev.nextPid != GraphEvent.NO_PID;
        return ev.kind = ok ? GraphEvent.SWITCH : GraphEvent.MALFORMED;
    }

    private static boolean isDuration(byte[] b, int s, int e) {
        return e - s >= 4 && b[e - 1] == 's' && b[e - 2] == 'u' && b[e - 3] == ' ' && isDurationStart(b[s]);
    }

    /** A digit or one of the overhead markers + ! # * @ $. */
    private static boolean isDurationStart(byte c) {
        return isDigit(c) || c == '+' || c == '!' || c == '#' || c == '*' || c == '@' || c == '$';
    }

    private static int indexOfArrow(byte[] b, int p, int e) {
        for (; p + 1 < e; p++) {
            if (b[p] == '=' && b[p + 1] == '>') {
                return p;
            }
        }
        return -1;
    }
}
