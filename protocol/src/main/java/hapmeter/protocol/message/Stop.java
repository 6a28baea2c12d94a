package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Map;

/** STOP: stop workload NAME (and close a window left armed). */
public final class Stop {
    private static final String NAME = "name";
    private static final String EXIT = "exit";
    private static final String EXITED_BEFORE = "exited_before";
    private static final String LOG = "log";

    private Stop() {
    }

    public record Request(String name) implements ProbeRequest<Reply> {
        public Request {
            Fields.name(NAME, name);
        }

        public static Request decode(Message m) {
            return new Request(Fields.text(m, NAME));
        }

        @Override
        public Command command() {
            return Command.STOP;
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(NAME, name).map();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(Fields.integer(ok, EXIT), Fields.flag(ok, EXITED_BEFORE), ok.get(LOG));
        }
    }

    /** EXITED_BEFORE: it had died by itself (a crash, a seccomp kill); then LOG is its output's tail, else null. */
    public record Reply(int exit, boolean exitedBefore, String log) implements ProbeReply {
        @Override
        public Map<String, String> fields() {
            return new Fields().put(EXIT, exit).put(EXITED_BEFORE, exitedBefore).put(LOG, log).map();
        }
    }
}
