package hapmeter.scenario;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** The http workload: a GET of its path by the chosen HTTP client; load by hapmeter's own bounded client. */
record HttpRequests(HttpClient http, WorkloadSpec workload) implements Client {
    @Override
    public long request(InetSocketAddress at, Path out) {
        return http.get(at.getHostString(), at.getPort(), workload.path(), out);
    }

    @Override
    public Load.Result load(InetSocketAddress at, long expectedBytes, Duration duration, int connections) {
        return Load.run(at, workload.path(), expectedBytes, duration, connections);
    }

    @Override
    public String name() {
        return http.name();
    }
}
