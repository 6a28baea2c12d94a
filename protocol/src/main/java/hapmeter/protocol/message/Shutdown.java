package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Map;

/** SHUTDOWN: stop every workload and tracing; the probe exits after its reply. */
public final class Shutdown {
    private Shutdown() {
    }

    public record Request() implements ProbeRequest<Reply> {
        public static Request decode(Message m) {
            return new Request();
        }

        @Override
        public Command command() {
            return Command.SHUTDOWN;
        }

        @Override
        public Map<String, String> fields() {
            return Map.of();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply();
        }
    }

    public record Reply() implements ProbeReply {
        @Override
        public Map<String, String> fields() {
            return Map.of();
        }
    }
}
