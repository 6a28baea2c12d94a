package hapmeter.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One protocol message: a request from the host, or the probe's response to the request with
 * the same id. Fields are string key/value pairs; lists are comma-separated.
 */
public final class Message {
    public enum Kind { REQ, OK, ERR }

    private static final String ERROR = "error";
    private static final String UNAVAILABLE = "unavailable";
    private static final String DAMAGED = "damaged";

    private final Kind kind;
    private final long id;
    private final String name;
    private final Map<String, String> fields;

    public Message(Kind kind, long id, String name, Map<String, String> fields) {
        if (!Frames.isToken(name)) {
            throw new IllegalArgumentException("message name must be a token: " + name);
        }
        this.kind = kind;
        this.id = id;
        this.name = name;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Message request(long id, Command command, Map<String, String> fields) {
        return new Message(Kind.REQ, id, command.name(), fields);
    }

    public Message ok(Map<String, String> result) {
        return new Message(Kind.OK, id, name, result);
    }

    public Message error(String reason) {
        return new Message(Kind.ERR, id, name, Map.of(ERROR, reason));
    }

    /**
     * The request cannot be served on this machine (no KVM, say): not a failure of the tool,
     * so the host reports the scenario as skipped with REASON.
     */
    public Message unavailable(String reason) {
        return new Message(Kind.ERR, id, name, Map.of(ERROR, reason, UNAVAILABLE, "true"));
    }

    /**
     * The probe's answer to a request that reached it with a broken checksum: only its id could be
     * read, so the host may send it again at once instead of waiting for its timeout.
     */
    public static Message damagedRequest(long id) {
        return new Message(Kind.ERR, id, Kind.ERR.name(), Map.of(ERROR, "the request failed its frame checksum",
                DAMAGED, "true"));
    }

    public boolean isDamagedRequest() {
        return kind == Kind.ERR && "true".equals(fields.get(DAMAGED));
    }

    public boolean isUnavailable() {
        return kind == Kind.ERR && "true".equals(fields.get(UNAVAILABLE));
    }

    /** Why an ERR reply refused its request. */
    public String errorText() {
        return fields.get(ERROR);
    }

    public Kind kind() {
        return kind;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Map<String, String> fields() {
        return fields;
    }

    public String get(String key) {
        return fields.get(key);
    }

    public String require(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + " lacks field '" + key + "'");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.kind == kind && m.id == id && m.name.equals(name)
                && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return kind + " " + id + " " + name + " " + fields;
    }
}
