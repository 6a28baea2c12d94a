package hapmeter.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sched_process_fork event of the trace: PARENT_PID forked CHILD_PID. Comms as the event prints them (full). */
public record ForkEvent(int parentPid, String parentComm, int childPid, String childComm) {
    static final byte[] NAME = Bytes.ascii("sched_process_fork");
    /** Comms may hold spaces: the greedy groups make " pid=" and " child_pid=" their last occurrences. */
    private static final Pattern FIELDS =
            Pattern.compile("sched_process_fork: *comm=(.*) pid=(\\d{1,9}) child_comm=(.*) child_pid=(\\d{1,9})");

    /** The event from its text ("sched_process_fork: comm=server pid=812 ..."), or null if malformed. */
    static ForkEvent parse(String text) {
        Matcher m = FIELDS.matcher(text);
        return m.matches() ? new ForkEvent(Integer.parseInt(m.group(2)), m.group(1), Integer.parseInt(m.group(4)),
                m.group(3)) : null;
    }
}
