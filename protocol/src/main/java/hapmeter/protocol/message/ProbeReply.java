package hapmeter.protocol.message;

import java.util.Map;

/** A typed OK reply; the probe encodes it with {@link #fields()}. */
public interface ProbeReply {
    Map<String, String> fields();
}
