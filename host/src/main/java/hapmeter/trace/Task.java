package hapmeter.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One task as the parser saw it: the tally of its function_graph lines, kept apart from other tasks' so that tasks
 * are selected at the end. Plain bit arrays rather than BitSet: this is the per-line hot path.
 */
final class Task {
    final int pid; // GraphEvent.NO_PID: a CPU's lines before its first context switch, without the proc column
    /** The pid is the proc column's, so the pid selection applies; otherwise the task is always counted. */
    final boolean procColumn;
    final InterruptFilter.State irq = new InterruptFilter.State();
    /** Functions of the task's calls, after and before the interrupt filter: bit sets of name ids. */
    long[] kept = new long[32];
    long[] raw = new long[32];
    byte[] comm; // as the proc column prints it (shortened by tracefs); null without
    long lines;
    long calls;
    long callsRaw;

    Task(int pid, boolean procColumn) {
        this.pid = pid;
        this.procColumn = procColumn;
    }

    void count(int verdict, int id) {
        lines++;
        if (verdict == InterruptFilter.NONE) {
            return;
        }
        int word = id >>> 6;
        if (word >= raw.length) { // both grow together
            raw = Arrays.copyOf(raw, Math.max(word + 1, raw.length * 2));
            kept = Arrays.copyOf(kept, raw.length);
        }
        raw[word] |= 1L << id;
        callsRaw++;
        if (verdict == InterruptFilter.KEPT) {
            kept[word] |= 1L << id;
            calls++;
        }
    }

    String commName() {
        return comm == null ? null : new String(comm, StandardCharsets.ISO_8859_1);
    }
}
