package hapmeter.trace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A task whose lines were counted.
 *
 * @param pid       its pid
 * @param comm      as its proc column prints it (tracefs shortens it), or null for a trace without that column
 * @param parentPid the task that forked it, if the trace has that sched_process_fork event; else null
 * @param lines     its function_graph lines (calls and exits)
 * @param via       why it was counted
 */
public record CountedTask(int pid, String comm, Integer parentPid, long lines, Via via) {
    /** How a task entered the count, in the order they are tried. */
    public enum Via {
        /** Every task was asked for, or the trace has no proc column for a pid selection to apply to. */
        ALL,
        /** Traced from the start of the window. */
        ARM,
        /** Forked in the window, transitively, from a counted task. */
        FORK,
        /** Read back at the end of the window. */
        DISARM;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
