package hapmeter.trace;

import static hapmeter.trace.Bytes.isDigit;
import static hapmeter.trace.Bytes.parseInt;
import static hapmeter.trace.Bytes.skipDigits;
import static hapmeter.trace.Bytes.startsWith;

/**
 * The ring buffer's overflow note, which both formats print on a line of its own where events are missing:
 * tracefs "CPU:0 [LOST 123 EVENTS]" (or "[LOST EVENTS]" when it cannot tell), trace-cmd "CPU:0 [123 EVENTS DROPPED]"
 * (or "[EVENTS DROPPED]").
 */
final class LostLine {
    static final long NOT_LOST = -2;
    static final long UNKNOWN = -1;
    private static final byte[] CPU = Bytes.ascii("CPU:");
    private static final byte[] LOST = Bytes.ascii("LOST ");
    private static final byte[] EVENTS = Bytes.ascii("EVENTS");
    private static final byte[] DROPPED = Bytes.ascii(" DROPPED]");

    private LostLine() {
    }

    /** The number of events lost, UNKNOWN, or NOT_LOST if [p, e) is not such a line. */
    static long lost(byte[] b, int p, int e) {
        if (!startsWith(b, p, e, CPU)) {
            return NOT_LOST;
        }
        int q = skipDigits(b, p + CPU.length, e);
        if (q == p + CPU.length || e - q < 2 || b[q] != ' ' || b[q + 1] != '[') {
            return NOT_LOST;
        }
        q += 2;
        boolean tracefs = startsWith(b, q, e, LOST);
        if (tracefs) {
            q += LOST.length;
        }
        long n = UNKNOWN;
        if (q < e && isDigit(b[q])) {
            int d = skipDigits(b, q, e);
            if (d - q > 18 || d == e || b[d] != ' ') {
                return NOT_LOST;
            }
            n = d - q > 9 ? Long.parseLong(Bytes.string(b, q, d)) : parseInt(b, q, d);
            q = d + 1;
        }
        if (!startsWith(b, q, e, EVENTS)) {
            return NOT_LOST;
        }
        q += EVENTS.length;
        boolean closed = tracefs ? e - q == 1 && b[q] == ']' : e - q == DROPPED.length && startsWith(b, q, e, DROPPED);
        return closed ? n : NOT_LOST;
    }
}
