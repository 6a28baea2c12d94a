package hapmeter.scenario;

import hapmeter.HapmeterException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded HTTP load from the host: CONNECTIONS clients, each in a loop of one GET per
 * connection (as the measured wget does), for a fixed time. A response that is not a 200 with
 * the expected body, or none within the timeout, counts as failed, never as a request.
 */
public final class Load {
    /** A stalled connection (no answer to a SYN, say) may cost a client this much of a run. */
    private static final int TIMEOUT_MS = 2_000;

    private Load() {
    }

    /** REQUESTS complete and correct responses and ERRORS in SECONDS. */
    public record Result(long requests, long errors, double seconds) {
        public double perSecond() {
            return requests / seconds;
        }
    }

    public static Result run(InetSocketAddress at, String path, long expectedBytes, Duration duration, int connections) {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        byte[] body = JavaHttpClient.body(at.getHostString(), at.getPort(), path, TIMEOUT_MS);
                        // A response that ends after the deadline belongs to no run.
                        if (System.nanoTime() < deadline) {
                            (body.length == expectedBytes ? ok : errors).incrementAndGet();
                        }
                    } catch (HapmeterException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "load-" + i);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HapmeterException("interrupted while loading " + at);
            }
        }
        return new Result(ok.get(), errors.get(), duration.toNanos() / 1e9);
    }
}
