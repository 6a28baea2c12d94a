package hapmeter.scenario;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The redis workload: COMMANDS sent in order on one connection (RESP), every reply checked (an
 * error reply or a missing value fails the request); what counts is the bulk values returned.
 * Load: redis-benchmark (BENCHMARK), run from the host again and again until the duration is over.
 */
final class RedisClient implements Client {
    private static final int TIMEOUT_MS = 20_000;
    private final WorkloadSpec workload;
    private final List<List<String>> commands;
    private final WorkloadSpec.Benchmark benchmark;

    RedisClient(WorkloadSpec workload) {
        this.workload = workload;
        String value = value(workload.valueBytes());
        this.commands = workload.commands().stream()
                .map(c -> c.stream().map(a -> a.replace("${value}", value)).toList()).toList();
        this.benchmark = workload.benchmark();
    }

    @Override
    public WorkloadSpec workload() {
        return workload;
    }

    /** A printable value of N bytes that shows where it was cut. */
    static String value(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; b.length() < n; i++) {
            b.append(i % 64 == 63 ? '\n' : (char) ('a' + i % 26));
        }
        return b.toString();
    }

    @Override
    public long request(InetSocketAddress at, Path out) {
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        try (Socket s = new Socket()) {
            s.connect(at, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream o = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (List<String> c : commands) {
                o.write(encode(c));
                o.flush();
                readReply(in, values, String.join(" ", c.subList(0, Math.min(2, c.size()))));
            }
        } catch (IOException e) {
            throw new HapmeterException("redis " + at.getHostString() + ":" + at.getPort() + ": " + e.getMessage(), e);
        }
        try {
            Files.write(out, values.toByteArray());
        } catch (IOException e) {
            throw new HapmeterException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return values.size();
    }

    static byte[] encode(List<String> command) {
        StringBuilder b = new StringBuilder("*").append(command.size()).append("\r\n");
        for (String a : command) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one reply; bulk strings are appended to VALUES; errors and nil fail with WHAT named. */
    static void readReply(InputStream in, ByteArrayOutputStream values, String what) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException(what + ": empty reply");
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+', ':' -> {
            }
            case '-' -> throw new IOException(what + ": " + rest);
            case '$' -> {
                int n = length(rest, what);
                if (n < 0) {
                    throw new IOException(what + ": no value (nil)");
                }
                byte[] v = in.readNBytes(n + 2);
                if (v.length != n + 2) {
                    throw new IOException(what + ": connection closed in a value");
                }
                values.write(v, 0, n);
            }
            case '*' -> {
                for (int i = length(rest, what); i > 0; i--) {
                    readReply(in, values, what);
                }
            }
            default -> throw new IOException(what + ": not a RESP reply: " + line);
        }
    }

    /** A RESP length: -1 (nil) up to redis's 512 MB limit; anything else is a broken reply. */
    private static int length(String s, String what) throws IOException {
        try {
            int n = Integer.parseInt(s);
            if (n >= -1 && n <= 512 << 20) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException(what + ": bad length in the reply: " + s);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed before a reply");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * redis-benchmark again and again until DURATION is over. Each run's CSV has a line per test
     * with its requests/s; a test of R requests took R / rps seconds of its own, so the rate is all
     * requests over the sum of those times: the start of each redis-benchmark process does not
     * count. redis-benchmark checks the replies itself (EXPECTED_BYTES is not used, nothing is
     * counted as failed) and a failed run fails the load, with its output.
     */
    @Override
    public Load.Result load(InetSocketAddress at, long expectedBytes, Duration duration, int connections) {
        ping(at);
        long deadline = System.nanoTime() + duration.toNanos();
        long requests = 0;
        double seconds = 0;
        List<String> argv = new ArrayList<>();
        for (String a : benchmark.command()) {
            argv.add(a.replace("${host}", at.getHostString()).replace("${port}", Integer.toString(at.getPort()))
                    .replace("${connections}", Integer.toString(connections))
                    .replace("${requests}", Integer.toString(benchmark.requests()))
                    .replace("${value_bytes}", Integer.toString(workload.valueBytes())));
        }
        while (System.nanoTime() < deadline) {
            Exec.Result r = Exec.run(null, argv);
            List<Double> rps = r.exit() != 0 ? List.of() : testRates(r.output());
            if (rps.isEmpty()) {
                throw new HapmeterException(String.join(" ", argv) + " failed (exit " + r.exit() + "): "
                        + Exec.tail(r.output(), 300));
            }
            for (double x : rps) {
                requests += benchmark.requests();
                seconds += benchmark.requests() / x;
            }
        }
        return new Load.Result(requests, 0, seconds);
    }

    /** The requests/s of each test in redis-benchmark's --csv output ("TEST","RPS",...); empty if none. */
    static List<Double> testRates(String csv) {
        List<Double> rates = new ArrayList<>();
        for (String line : csv.lines().toList()) {
            String[] f = line.split(",");
            if (f.length > 1 && f[0].startsWith("\"") && !f[0].equals("\"test\"")) {
                try {
                    double x = Double.parseDouble(f[1].replace("\"", ""));
                    if (x > 0) {
                        rates.add(x);
                    }
                } catch (NumberFormatException e) {
                    // not a test line
                }
            }
        }
        return rates;
    }

    /**
     * redis-benchmark (7.0) does not fail on a refused connection: it spins until its timeout.
     * So the server must answer a PING first.
     */
    private static void ping(InetSocketAddress at) {
        try (Socket s = new Socket()) {
            s.connect(at, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.getOutputStream().write(encode(List.of("PING")));
            s.getOutputStream().flush();
            readReply(new BufferedInputStream(s.getInputStream()), new ByteArrayOutputStream(), "PING");
        } catch (IOException e) {
            throw new HapmeterException("redis-benchmark not started: redis " + at.getHostString() + ":" + at.getPort()
                    + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "redis";
    }
}
