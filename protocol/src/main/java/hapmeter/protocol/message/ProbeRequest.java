package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Map;

/**
 * A typed request; R is the typed OK reply to it. The host encodes it with {@link #fields()} and
 * decodes the reply with {@link #reply}; the probe decodes it with the record's {@code decode}.
 */
public interface ProbeRequest<R extends ProbeReply> {
    Command command();

    Map<String, String> fields();

    /** Decodes the OK response OK to this request. */
    R reply(Message ok);
}
