package hapmeter.trace;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which tasks of a trace count. Decided after the whole trace is read, so the order of lines, fork events and
 * exits does not matter; a task that exited is counted like any other.
 *
 * @param arm         the pids traced when the window opened; null for every task
 * @param disarm      the pids read back when it closed
 * @param followForks also count the tasks forked (transitively) in the window by a counted task
 */
public record TaskSelection(Set<Integer> arm, Set<Integer> disarm, boolean followForks) {
    public TaskSelection {
        arm = arm == null ? null : Set.copyOf(arm);
        disarm = Set.copyOf(disarm);
    }

    /** Every task. */
    public static TaskSelection all() {
        return new TaskSelection(null, Set.of(), false);
    }

    /** Exactly PIDS; null for every task. */
    public static TaskSelection of(Set<Integer> pids) {
        return new TaskSelection(pids, Set.of(), false);
    }

    /** The tasks that follow the workload: traced at arm, forked from one in the window, or read back at disarm. */
    public static TaskSelection followingForks(Set<Integer> arm, Set<Integer> disarm) {
        return new TaskSelection(arm, disarm, true);
    }

    /** Why PID is counted, FORKED being {@link #forked}'s answer, or null if it is not. */
    CountedTask.Via via(int pid, Set<Integer> forked) {
        if (arm == null) {
            return CountedTask.Via.ALL;
        }
        if (arm.contains(pid)) {
            return CountedTask.Via.ARM;
        }
        if (forked.contains(pid)) {
            return CountedTask.Via.FORK;
        }
        return disarm.contains(pid) ? CountedTask.Via.DISARM : null;
    }

    /** The children of counted tasks, to a fixed point over FORKS (in any order). */
    Set<Integer> forked(Collection<ForkEvent> forks) {
        Set<Integer> out = new HashSet<>();
        if (!followForks || arm == null) {
            return out;
        }
        for (boolean grew = true; grew; ) {
            grew = false;
            for (ForkEvent f : forks) {
                int p = f.parentPid();
                boolean counted = arm.contains(p) || disarm.contains(p) || out.contains(p);
                if (counted && !arm.contains(f.childPid()) && out.add(f.childPid())) {
                    grew = true;
                }
            }
        }
        return out;
    }
}
