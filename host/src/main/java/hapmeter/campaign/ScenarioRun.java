package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.console.ProbeConnection;
import hapmeter.console.ProbeException;
import hapmeter.image.Image;
import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import hapmeter.scenario.HttpClient;
import hapmeter.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The measurement of one scenario in a running test VM: start, warm up, arm, one request,
 * disarm, pull, stop. Errors name the scenario and the phase that failed; the workload is
 * stopped (and its network undone) on every path.
 */
final class ScenarioRun {
    private static final String GUEST_HOST = "127.0.0.1";

    private final Scenario s;
    private final ProbeConnection probe;
    private final HttpClient client;
    private final int hostPort;
    private final int bufferKb;
    private final Consumer<String> progress;

    ScenarioRun(Scenario s, ProbeConnection probe, HttpClient client, int hostPort, int bufferKb,
            Consumer<String> progress) {
        this.s = s;
        this.probe = probe;
        this.client = client;
        this.hostPort = hostPort;
        this.bufferKb = bufferKb;
        this.progress = progress;
    }

    /** Measures into DIR (the cell's temporary directory): leaves DIR/trace.txt. */
    Measurement measure(Image image, Path dir) {
        progress.accept(s.name() + ": start " + String.join(" ", s.command()));
        long t = System.nanoTime();
        Message started;
        try {
            started = phase("start", () -> probe.client().call(Command.START, startFields(image)));
        } catch (HapmeterException e) {
            if (e.getCause() instanceof ProbeException pe && pe.unavailable()) {
                throw new ScenarioSkipped(pe.getMessage());
            }
            throw e;
        }
        double startS = since(t);
        HapmeterException failure = null;
        try {
            return measureStarted(started, startS, dir);
        } catch (HapmeterException e) {
            failure = e;
            throw e;
        } finally {
            try {
                probe.client().call(Command.STOP, Map.of("name", s.name()));
            } catch (HapmeterException e) {
                HapmeterException stop = new HapmeterException(s.name() + ": stop: " + e.getMessage(), e);
                if (failure == null) {
                    throw stop;
                }
                failure.addSuppressed(stop);
            }
        }
    }

    private Measurement measureStarted(Message started, double startS, Path dir) {
        String pids = started.require("pids");
        Path body = dir.resolve("body.tmp");
        for (int i = 1; i <= s.readiness().warmupRequests(); i++) {
            long got = phase("warm-up request " + i, () -> client.get(GUEST_HOST, hostPort, "/", body));
            expectBytes(got, "warm-up request " + i);
        }
        progress.accept(s.name() + ": arm (pids " + pids + ")");
        long t = System.nanoTime();
        Message armed = phase("arm", () -> probe.client().call(Command.ARM,
                Map.of("pids", pids, "buffer_kb", Integer.toString(bufferKb))));
        double armS = since(t);
        t = System.nanoTime();
        // If the request fails, STOP (in measure) turns tracing off.
        long bytes = phase("measured request", () -> client.get(GUEST_HOST, hostPort, "/", body));
        double requestS = since(t);
        sleep(s.readiness().settleMs());
        t = System.nanoTime();
        Message disarmed = phase("disarm", () -> probe.client().call(Command.DISARM, Map.of()));
        double disarmS = since(t);
        expectBytes(bytes, "the measured request");
        progress.accept(String.format("%s: %d bytes received, overrun %s; pulling the trace", s.name(), bytes,
                disarmed.get("overrun")));
        t = System.nanoTime();
        Path trace = dir.resolve("trace.txt");
        String sha = phase("pull", () -> probe.pull("trace", trace));
        double pullS = since(t);
        try {
            Files.deleteIfExists(body);
            Set<Integer> traced = Arrays.stream(disarmed.require("pids").split(",")).filter(p -> !p.isBlank())
                    .map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
            return new Measurement(bytes, trace, sha, Files.size(trace), traced, lng(armed, "probe_pid"),
                    lng(disarmed, "overrun"), lng(disarmed, "commit_overrun"), lng(disarmed, "dropped"),
                    lng(disarmed, "entries"), startS, lng(started, "tracer_setup_ms") / 1000.0, armS, requestS,
                    disarmS, pullS);
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> startFields(Image image) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", s.name());
        for (int i = 0; i < s.command().size(); i++) {
            f.put("arg." + i, s.command().get(i));
        }
        f.put("modules", String.join(",", image.loadOrder(s.modules())));
        s.cpuModules().forEach((flag, modules) -> f.put("cpu_modules." + flag, String.join(",", image.loadOrder(modules))));
        f.put("requires", String.join(",", s.requires()));
        f.put("network", s.network().attachment());
        f.put("port", Integer.toString(s.port()));
        f.put("ready_kind", s.readiness().kind());
        if (s.readiness().marker() != null) {
            f.put("ready_marker", s.readiness().marker());
        }
        f.put("timeout_ms", Long.toString(s.readiness().timeoutS() * 1000L));
        return f;
    }

    private <T> T phase(String name, Supplier<T> step) {
        try {
            return step.get();
        } catch (HapmeterException e) {
            throw new HapmeterException(s.name() + ": " + name + ": " + e.getMessage(), e);
        }
    }

    private void expectBytes(long got, String what) {
        if (got != s.expectedBytes()) {
            throw new HapmeterException(s.name() + ": " + what + " received " + got + " bytes, expected " + s.expectedBytes());
        }
    }

    private static long lng(Message m, String key) {
        return Long.parseLong(m.require(key));
    }

    private static double since(long t) {
        return Math.round((System.nanoTime() - t) / 1e6) / 1000.0;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HapmeterException("interrupted");
        }
    }
}
