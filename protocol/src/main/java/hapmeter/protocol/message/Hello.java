package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.List;
import java.util.Map;

/** HELLO: the version handshake; the reply has the probe's version and the guest's facts. */
public final class Hello {
    private static final String VERSION = "version";
    private static final String KERNEL = "kernel";
    private static final String PROBE_PID = "probe_pid";
    private static final String TRACEFS = "tracefs";
    private static final String TRACERS = "tracers";

    private Hello() {
    }

    public record Request(int version) implements ProbeRequest<Reply> {
        public static Request decode(Message m) {
            return new Request(Fields.integer(m, VERSION));
        }

        @Override
        public Command command() {
            return Command.HELLO;
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(VERSION, version).map();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(Fields.integer(ok, VERSION), Fields.text(ok, KERNEL), Fields.integer(ok, PROBE_PID),
                    Fields.flag(ok, TRACEFS), Fields.list(ok, TRACERS));
        }
    }

    public record Reply(int version, String kernel, int probePid, boolean tracefs, List<String> tracers)
            implements ProbeReply {
        public Reply {
            tracers = List.copyOf(tracers);
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(VERSION, version).put(KERNEL, kernel).put(PROBE_PID, probePid)
                    .put(TRACEFS, tracefs).list(TRACERS, tracers).map();
        }
    }
}
