package hapmeter.probe;

import hapmeter.protocol.message.Arm;
import hapmeter.protocol.message.Disarm;
import java.io.IOException;
import java.util.SortedSet;

/** The trace window: the tracer chosen at START, armed on a workload's pids, disarmed with its counters. */
final class Tracing {
    private static final String TRACER = "function_graph";
    /** Lets the host see the forks inside the window, so pids born there are traced too. */
    private static final String FORK_SYSTEM = "sched";
    private static final String FORK_EVENT = "sched_process_fork";

    private final Tracefs tracefs;
    private final int self = Math.toIntExact(ProcessHandle.current().pid());

    Tracing(Tracefs tracefs) {
        this.tracefs = tracefs;
    }

    /**
     * Selects the tracer, with tracing off and the filter on PIDS: the switch costs seconds under
     * TCG and must stay out of the armed window and out of ARM's timing. Returns its milliseconds.
     */
    long select(SortedSet<Integer> pids) throws IOException {
        long t0 = System.nanoTime();
        tracefs.tracingOn(false);
        tracefs.setPids(pids);
        tracefs.setTracer(TRACER);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Arms the window on WORKLOAD's pids as they are now. */
    Arm.Reply arm(RunningWorkload workload, int bufferKb) throws IOException {
        SortedSet<Integer> pids = workload.pids();
        if (pids.contains(self)) {
            throw new IllegalStateException("refusing to trace the probe itself (pid " + self + " is in "
                    + workload.name() + "'s process tree)");
        }
        tracefs.tracingOn(false);
        tracefs.setTracer(TRACER);
        // A full buffer drops new events (counted as dropped) rather than silently overwriting the oldest.
        tracefs.option("overwrite", false);
        tracefs.option("funcgraph-irqs", false);
        tracefs.option("funcgraph-proc", true);
        tracefs.option("funcgraph-tail", true);
        tracefs.option("function-fork", true);
        tracefs.enableEvent(FORK_SYSTEM, FORK_EVENT, true);
        tracefs.option("event-fork", true);
        tracefs.setEventPids(pids);
        tracefs.bufferSizeKb(bufferKb);
        tracefs.setPids(pids);
        tracefs.clear();
        tracefs.tracingOn(true);
        return new Arm.Reply(pids);
    }

    Disarm.Reply disarm() throws IOException {
        tracefs.tracingOn(false);
        Tracefs.BufferStats s = tracefs.stats();
        return new Disarm.Reply(s.overrun(), s.commitOverrun(), s.dropped(), s.entries(), tracefs.pids());
    }

    /** Closes a window a failed request may have left armed, fork event included. */
    void off() throws IOException {
        tracefs.tracingOn(false);
        tracefs.enableEvent(FORK_SYSTEM, FORK_EVENT, false);
    }
}
