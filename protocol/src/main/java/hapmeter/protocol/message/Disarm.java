package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Map;
import java.util.SortedSet;

/** DISARM: close the window; the reply has the ring buffer's counters and the pids traced at the end. */
public final class Disarm {
    private static final String OVERRUN = "overrun";
    private static final String COMMIT_OVERRUN = "commit_overrun";
    private static final String DROPPED = "dropped";
    private static final String ENTRIES = "entries";
    private static final String PIDS = "pids";

    private Disarm() {
    }

    public record Request() implements ProbeRequest<Reply> {
        public static Request decode(Message m) {
            return new Request();
        }

        @Override
        public Command command() {
            return Command.DISARM;
        }

        @Override
        public Map<String, String> fields() {
            return Map.of();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(Fields.number(ok, OVERRUN), Fields.number(ok, COMMIT_OVERRUN), Fields.number(ok, DROPPED),
                    Fields.number(ok, ENTRIES), Pids.decode(Fields.text(ok, PIDS)));
        }
    }

    /** Sums over the CPUs; PIDS: set_ftrace_pid read back (the armed pids plus what function-fork added). */
    public record Reply(long overrun, long commitOverrun, long dropped, long entries, SortedSet<Integer> pids)
            implements ProbeReply {
        public Reply {
            pids = Pids.copy(pids);
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(OVERRUN, overrun).put(COMMIT_OVERRUN, commitOverrun).put(DROPPED, dropped)
                    .put(ENTRIES, entries).put(PIDS, Pids.encode(pids)).map();
        }
    }
}
