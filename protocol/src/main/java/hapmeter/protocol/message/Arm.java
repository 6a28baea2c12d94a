package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Map;
import java.util.SortedSet;

/**
 * ARM: open a trace window on the running WORKLOAD. The probe walks its process tree afresh
 * (threads and children started since START included), and the reply has the pids armed.
 */
public final class Arm {
    private static final String WORKLOAD = "workload";
    private static final String BUFFER_KB = "buffer_kb";
    private static final String PIDS = "pids";

    private Arm() {
    }

    public record Request(String workload, int bufferKb) implements ProbeRequest<Reply> {
        public Request {
            Fields.name(WORKLOAD, workload);
            Fields.positive(BUFFER_KB, bufferKb);
        }

        public static Request decode(Message m) {
            return new Request(Fields.text(m, WORKLOAD), Fields.integer(m, BUFFER_KB));
        }

        @Override
        public Command command() {
            return Command.ARM;
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(WORKLOAD, workload).put(BUFFER_KB, bufferKb).map();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(Pids.decode(Fields.text(ok, PIDS)));
        }
    }

    public record Reply(SortedSet<Integer> pids) implements ProbeReply {
        public Reply {
            pids = Pids.copy(pids);
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(PIDS, Pids.encode(pids)).map();
        }
    }
}
