package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.List;
import java.util.Map;

/** STATUS: the current tracer and the running workloads. */
public final class Status {
    private static final String TRACER = "tracer";
    private static final String WORKLOADS = "workloads";

    private Status() {
    }

    public record Request() implements ProbeRequest<Reply> {
        public static Request decode(Message m) {
            return new Request();
        }

        @Override
        public Command command() {
            return Command.STATUS;
        }

        @Override
        public Map<String, String> fields() {
            return Map.of();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(Fields.text(ok, TRACER), Fields.list(ok, WORKLOADS));
        }
    }

    public record Reply(String tracer, List<String> workloads) implements ProbeReply {
        public Reply {
            workloads = List.copyOf(workloads);
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(TRACER, tracer).list(WORKLOADS, workloads).map();
        }
    }
}
