package hapmeter.trace;

import java.util.Arrays;

/**
 * Tells interrupt work from a task's own calls, line by line, by depth (see {@link InterruptRules}): a subtree root
 * is dropped with everything deeper until the depth comes back to it; an irq exit call is dropped (with its
 * subtree) only right after a dropped call at the same depth. Nesting is read from the indentation, which survives
 * lost or tail-less closing lines better than counting braces.
 */
final class InterruptFilter {
    /** An exit line, or a line inside a dropped subtree's closing: nothing to count. */
    static final int NONE = 0;
    /** A call that is interrupt work. */
    static final int DROPPED = 1;
    /** A call of the task's own. */
    static final int KEPT = 2;

    private static final byte UNKNOWN = 0;
    private static final byte PLAIN = 1;
    private static final byte ROOT = 2;
    private static final byte EXIT_CALL = 4;

    /** Where one task's filter stands. */
    static final class State {
        int irqIndent = -1; // depth of the interrupt subtree being dropped
        int tailIndent = -1; // depth at which the exit calls of a dropped interrupt may follow
    }

    private final InterruptRules rules;
    private final Names names;
    private byte[] flags = new byte[1 << 11]; // per name id, filled on first use

    InterruptFilter(InterruptRules rules, Names names) {
        this.rules = rules;
        this.names = names;
    }

    /**
     * The verdict on one line of the task whose state is T.
     *
     * @param kind {@link GraphEvent#ENTRY}, {@link GraphEvent#LEAF} or {@link GraphEvent#EXIT}
     * @param id   the call's name id (ignored for an exit)
     */
    int accept(State t, int indent, int kind, int id) {
        if (t.irqIndent >= 0) {
            if (indent > t.irqIndent || (indent == t.irqIndent && kind == GraphEvent.EXIT)) {
                if (indent == t.irqIndent) { // the dropped subtree closes; its exit calls may follow
                    t.irqIndent = -1;
                    t.tailIndent = indent;
                    return NONE;
                }
                return kind == GraphEvent.EXIT ? NONE : DROPPED;
            }
            t.irqIndent = -1; // back at or above the root's depth: its closing line was lost
        }
        if (kind == GraphEvent.EXIT) {
            t.tailIndent = -1;
            return NONE;
        }
        byte f = flags(id);
        if ((f & ROOT) != 0 || (indent == t.tailIndent && (f & EXIT_CALL) != 0)) {
            if (kind == GraphEvent.ENTRY) {
                t.irqIndent = indent;
                t.tailIndent = -1;
            } else {
                t.tailIndent = indent;
            }
            return DROPPED;
        }
        t.tailIndent = -1;
        return KEPT;
    }

    /** The rules are matched once per distinct name, not per line. */
    private byte flags(int id) {
        if (id >= flags.length) {
            flags = Arrays.copyOf(flags, Math.max(id + 1, flags.length * 2));
        }
        byte f = flags[id];
        if (f == UNKNOWN) {
            String name = names.normalized(id);
            f = (byte) (PLAIN | (rules.isSubtreeRoot(name) ? ROOT : 0) | (rules.isIrqExitCall(name) ? EXIT_CALL : 0));
            flags[id] = f;
        }
        return f;
    }
}
