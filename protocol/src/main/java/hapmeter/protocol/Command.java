package hapmeter.protocol;

import java.time.Duration;

/**
 * The probe's commands. Each has the default time the host waits for its response, and says
 * whether sending it twice does what sending it once does: those the host resends once when the
 * request or its reply was damaged on the line, or no reply came.
 */
public enum Command {
    /** Version handshake; the response carries the probe's version and the guest's facts. */
    HELLO(Duration.ofSeconds(10), true),
    STATUS(Duration.ofSeconds(10), true),
    /** Launch a workload and wait until it listens; also selects the tracer once per boot. */
    START(Duration.ofSeconds(120), false),
    /** Re-arming clears the buffer and walks the workload again: the same window as arming once. */
    ARM(Duration.ofSeconds(60), true),
    /** Tracing off and the counters read: the second time reads the same counters. */
    DISARM(Duration.ofSeconds(30), true),
    /**
     * Snapshot a guest file (trace, kallsyms) and stream it over the bulk channel; with
     * {@code via=line} (no bulk port) prepare it, compressed, for PULL_CHUNK instead. Again is safe:
     * a transfer carries its request's id, and the host skips to the one it waits for.
     */
    PULL(Duration.ofSeconds(300), true),
    /** One piece of the prepared file, base64 in the response frame: the control line as a slow bulk channel. */
    PULL_CHUNK(Duration.ofSeconds(30), true),
    /** Stop a workload; the response has its exit status and whether it had exited by itself before (with its log's tail). */
    STOP(Duration.ofSeconds(30), false),
    SHUTDOWN(Duration.ofSeconds(10), false);

    private final Duration timeout;
    private final boolean idempotent;

    Command(Duration timeout, boolean idempotent) {
        this.timeout = timeout;
        this.idempotent = idempotent;
    }

    public boolean idempotent() {
        return idempotent;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Null for an unknown name, so that a newer host's command gets an error, not a crash. */
    public static Command byName(String name) {
        for (Command c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
