package hapmeter.scenario;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** How the host talks to a scenario's server, from outside the test VM: a workload's protocol. */
public interface Client {
    /** One request (warm-up or measured); what counts of the reply goes to OUT; returns its bytes. */
    long request(InetSocketAddress at, Path out);

    /**
     * Load for DURATION with CONNECTIONS clients, nothing else running; a reply that is not
     * EXPECTED_BYTES, or none, counts as failed, never as a request.
     */
    Load.Result load(InetSocketAddress at, long expectedBytes, Duration duration, int connections);

    /** The workload this client speaks. */
    WorkloadSpec workload();

    /** Recorded in summary.json: "gnu-wget", "java", "redis". */
    String name();
}
