package hapmeter.trace;

import static hapmeter.trace.Bytes.endsWith;
import static hapmeter.trace.Bytes.indexOf;
import static hapmeter.trace.Bytes.isDigit;
import static hapmeter.trace.Bytes.parseInt;
import static hapmeter.trace.Bytes.pidOf;
import static hapmeter.trace.Bytes.skipDigits;
import static hapmeter.trace.Bytes.skipSpaces;
import static hapmeter.trace.Bytes.startsWith;
import static hapmeter.trace.Bytes.trimEnd;

import java.util.Arrays;

/**
 * A line of `trace-cmd report`: "COMM-PID [CPU] [latency] SECONDS: EVENT: body". The body of funcgraph_entry and
 * funcgraph_exit events is laid out like the kernel's after its proc column ("  0.412 us   |  bar();", "|  foo() {",
 * "1.046 us   |  }"); sched_process_fork is passed on; other events are understood and ignored.
 */
final class TraceCmdLexer {
    static final String FORMAT = "trace-cmd report";
    private static final byte[] FUNCGRAPH_ENTRY = Bytes.ascii("funcgraph_entry");
    private static final byte[] FUNCGRAPH_EXIT = Bytes.ascii("funcgraph_exit");
    private static final byte[] CPUS = Bytes.ascii("cpus=");
    private static final byte[] VERSION = Bytes.ascii("version = ");
    private static final byte[] CPU = Bytes.ascii("CPU ");
    private static final byte[] IS_EMPTY = Bytes.ascii(" is empty");

    private final GraphBody body;

    TraceCmdLexer(GraphBody body) {
        this.body = body;
    }

    /** The lines trace-cmd prints before its events: "cpus=2", "version = 6", "CPU 1 is empty". */
    static boolean isPreamble(byte[] b, int p, int e) {
        return startsWith(b, p, e, CPUS) || startsWith(b, p, e, VERSION)
                || (startsWith(b, p, e, CPU) && endsWith(b, p, e, IS_EMPTY));
    }

    /** Lexes the non-blank, non-comment line [p, e) into EV; FOREIGN if it does not have trace-cmd's shape. */
    int lex(byte[] b, int p, int e, GraphEvent ev) {
        ev.clear();
        if (b[p] == 'C' && (ev.lost = LostLine.lost(b, p, e)) != LostLine.NOT_LOST) {
            return ev.kind = GraphEvent.LOST;
        }
        int lb = p;
        do {
            lb = indexOf(b, lb + 1, e, '[');
        } while (lb > 0 && b[lb - 1] != ' ');
        if (lb < 0) {
            return ev.kind = GraphEvent.FOREIGN;
        }
        int rb = skipDigits(b, lb + 1, e);
        int taskEnd = trimEnd(b, p, lb);
        int pid = pidOf(b, p, taskEnd);
        int colon = rb < e && b[rb] == ']' && rb > lb + 1 ? indexOf(b, rb, e, ':') : -1;
        if (pid == GraphEvent.NO_PID || colon < 0 || !isDigit(b[colon - 1])) {
            return ev.kind = GraphEvent.FOREIGN;
        }
        int ns = skipSpaces(b, colon + 1, e);
        int ne = indexOf(b, ns, e, ':');
        if (ne < 0) {
            return ev.kind = GraphEvent.FOREIGN;
        }
        ev.cpu = parseInt(b, lb + 1, rb);
        ev.pid = pid;
        ev.taskStart = p;
        ev.taskEnd = taskEnd;
        if (is(b, ns, ne, FUNCGRAPH_ENTRY) || is(b, ns, ne, FUNCGRAPH_EXIT)) {
            int bar = indexOf(b, ne, e, '|');
            return bar < 0 ? (ev.kind = GraphEvent.MALFORMED) : body.lex(b, bar + 1, e, ev);
        }
        if (is(b, ns, ne, ForkEvent.NAME)) {
            ev.textStart = ns;
            ev.textEnd = trimEnd(b, ns, e);
            return ev.kind = GraphEvent.EVENT;
        }
        return ev.kind = GraphEvent.IGNORED; // another event, e.g. sched_switch
    }

    private static boolean is(byte[] b, int s, int e, byte[] name) {
        return Arrays.equals(b, s, e, name, 0, name.length);
    }
}
