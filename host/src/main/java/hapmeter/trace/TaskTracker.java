package hapmeter.trace;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which task each function_graph line belongs to: the one its proc column names, else (funcgraph-proc=0) the one the
 * last context switch on its CPU switched in.
 */
final class TaskTracker {
    private static final int NO_KEY = Integer.MIN_VALUE;

    /** By pid; without the proc column, -1 - cpu for a CPU's lines before its first context switch. */
    private final HashMap<Integer, Task> tasks = new HashMap<>();
    private final SortedSet<Integer> switched = new TreeSet<>();
    private int[] cpuPid = new int[0];
    // Consecutive lines almost always belong to the same task: cache the last lookup.
    private int lastKey = NO_KEY;
    private Task lastTask;

    /** The task of the graph line EV, read from B. */
    Task task(byte[] b, GraphEvent ev) {
        boolean proc = ev.pid != GraphEvent.NO_PID;
        int key = ev.pid;
        if (!proc) {
            key = ev.cpu < cpuPid.length && cpuPid[ev.cpu] != GraphEvent.NO_PID ? cpuPid[ev.cpu] : -1 - ev.cpu;
        }
        if (key != lastKey) {
            lastKey = key;
            lastTask = tasks.computeIfAbsent(key, k -> new Task(k < 0 ? GraphEvent.NO_PID : k, proc));
            if (proc) {
                rename(lastTask, b, ev.taskStart, Bytes.lastIndexOf(b, ev.taskStart, ev.taskEnd, '-'));
            }
        }
        return lastTask;
    }

    void contextSwitch(GraphEvent ev) {
        switched.add(ev.pid);
        switched.add(ev.nextPid);
        if (ev.cpu >= cpuPid.length) {
            int old = cpuPid.length;
            cpuPid = Arrays.copyOf(cpuPid, ev.cpu + 1);
            Arrays.fill(cpuPid, old, cpuPid.length, GraphEvent.NO_PID);
        }
        cpuPid[ev.cpu] = ev.nextPid;
    }

    Collection<Task> tasks() {
        return tasks.values();
    }

    /** Pids of the proc column and of context switches. */
    SortedSet<Integer> pidsSeen() {
        SortedSet<Integer> out = new TreeSet<>(switched);
        tasks.values().stream().filter(t -> t.procColumn).forEach(t -> out.add(t.pid));
        return out;
    }

    /** The comm changes on exec; checked when the line's task changes, which is rarely. */
    private static void rename(Task t, byte[] b, int s, int e) {
        if (t.comm == null || !Arrays.equals(t.comm, 0, t.comm.length, b, s, e)) {
            t.comm = Arrays.copyOfRange(b, s, e);
        }
    }
}
