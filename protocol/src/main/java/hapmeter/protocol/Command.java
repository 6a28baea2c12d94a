package hapmeter.protocol;

import java.time.Duration;

/** The probe's commands. Each has the default time the host waits for its response. */
public enum Command {
    /** Version handshake; the response carries the probe's version and the guest's facts. */
    HELLO(Duration.ofSeconds(10)),
    STATUS(Duration.ofSeconds(10)),
    /** Launch a workload and wait until it listens; also selects the tracer once per boot. */
    START(Duration.ofSeconds(120)),
    ARM(Duration.ofSeconds(60)),
    DISARM(Duration.ofSeconds(30)),
    /**
     * Snapshot a guest file (trace, kallsyms) and stream it over the bulk channel; with
     * {@code via=line} (no bulk port) prepare it, compressed, for PULL_CHUNK instead.
     */
    PULL(Duration.ofSeconds(300)),
    /** One piece of the prepared file, base64 in the response frame: the control line as a slow bulk channel. */
    PULL_CHUNK(Duration.ofSeconds(30)),
    /** Stop a workload; the response has its exit status and whether it had exited by itself before (with its log's tail). */
    STOP(Duration.ofSeconds(30)),
    SHUTDOWN(Duration.ofSeconds(10));

    private final Duration timeout;

    Command(Duration timeout) {
        this.timeout = timeout;
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
