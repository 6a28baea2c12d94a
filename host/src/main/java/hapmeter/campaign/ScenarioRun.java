package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.console.ProbeConnection;
import hapmeter.console.ProbeException;
import hapmeter.image.Image;
import hapmeter.protocol.message.Arm;
import hapmeter.protocol.message.Disarm;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.Start;
import hapmeter.protocol.message.Stop;
import hapmeter.scenario.Client;
import hapmeter.scenario.Load;
import hapmeter.scenario.Scenario;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The measurement of one scenario in a running test VM: start, warm up, an idle window (armed
 * exactly as usual, no request: the noise floor), the request window(s), a second idle window as
 * long as the request window was, stop. Errors name
 * the scenario and the phase that failed; the workload is stopped (and its network undone) on
 * every path.
 */
final class ScenarioRun {
    /** START's own work beside the readiness wait: modules, the network attachment, the tracer switch. */
    private static final int START_OVERHEAD_S = 90;

    private final Scenario s;
    private final ProbeConnection probe;
    private final Client client;
    private final InetSocketAddress endpoint;
    private final int bufferKb;
    private final int warmups;
    private final Consumer<String> progress;

    /** ENDPOINT: where the client reaches the scenario's server (a port forward, or a bare-metal machine). */
    ScenarioRun(Scenario s, ProbeConnection probe, Client client, InetSocketAddress endpoint, int bufferKb,
            int warmups, Consumer<String> progress) {
        this.s = s;
        this.probe = probe;
        this.client = client;
        this.endpoint = endpoint;
        this.bufferKb = bufferKb;
        this.warmups = warmups;
        this.progress = progress;
    }

    /**
     * Measures into DIR (the cell's temporary directory). ROUNDS decides after each request
     * window, given the windows so far, whether another one follows (a single request: never).
     */
    Measurement measure(Image image, Path dir, Function<List<Measurement.Window>, Boolean> rounds) {
        return whileRunning(image, (started, startS) -> measureStarted(started, startS, dir, rounds));
    }

    /**
     * Requests per second of the started, warmed-up server, with nothing armed: RUNS loads of
     * DURATION each with CONNECTIONS clients. Failed requests are counted beside the good ones
     * (a connection that stalls); a run with no good response fails the scenario.
     */
    List<Load.Result> throughput(Image image, Path dir, Duration duration, int runs, int connections) {
        return whileRunning(image, (started, startS) -> {
            Path body = dir.resolve("body.tmp");
            warmUp(body);
            try {
                Files.deleteIfExists(body);
            } catch (IOException e) {
                throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
            }
            List<Load.Result> results = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Load.Result r = client.load(endpoint, s.expectedBytes(), duration, connections);
                progress.accept(String.format("%s: run %d: %.1f requests/s (%d in %.0f s, %d failed)", s.name(), i,
                        r.perSecond(), r.requests(), r.seconds(), r.errors()));
                if (r.requests() == 0) {
                    throw new HapmeterException(s.name() + ": load run " + i + ": " + r.errors() + " failed and "
                            + r.requests() + " good responses");
                }
                results.add(r);
            }
            return results;
        });
    }

    /** Starts the scenario, runs BODY with the START reply and its seconds, and stops it on every path. */
    private <T> T whileRunning(Image image, BiFunction<Start.Reply, Double, T> body) {
        progress.accept(s.name() + ": start " + String.join(" ", s.command()));
        long t = System.nanoTime();
        Start.Reply started;
        // As long as the scenario may take to become ready, plus what START does around it.
        Duration limit = Duration.ofSeconds(s.readiness().timeoutS() + START_OVERHEAD_S);
        try {
            started = phase("start", () -> probe.client().call(startRequest(image), limit));
        } catch (HapmeterException e) {
            if (e.getCause() instanceof ProbeException pe && pe.unavailable()) {
                throw new ScenarioSkipped(pe.getMessage());
            }
            // The probe may still be starting it (the host gave up waiting): STOP on this path too, so that
            // neither the workload nor its network attachment outlives the cell.
            try {
                stop();
            } catch (HapmeterException notRunning) {
                e.addSuppressed(notRunning);
            }
            // The STOP was answered after START was over: START's own reply came before it, too late.
            List<String> late = probe.client().takeLateReplies();
            throw late.isEmpty() ? e : new HapmeterException(e.getMessage() + "; the probe answered later: "
                    + String.join("; ", late), e);
        }
        double startS = Timing.since(t);
        RuntimeException failure = null;
        try {
            return body.apply(started, startS);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            Stop.Reply stopped;
            try {
                stopped = stop();
            } catch (HapmeterException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
                stopped = null;
            }
            // A server that died by itself (a crash, a seccomp kill) is the cause to look at, whether a
            // request failed on it or not: a measurement around a dying server is not a result.
            if (stopped != null && stopped.exitedBefore()) {
                int status = stopped.exit();
                String died = "the workload had exited with status " + status
                        + (status > 128 ? " (signal " + (status - 128) + ")" : "") + ", its output ending: "
                        + stopped.log().strip().replace('\n', '|');
                throw failure instanceof HapmeterException
                        ? new HapmeterException(failure.getMessage() + "; " + died, failure)
                        : new HapmeterException(s.name() + ": " + died, failure);
            }
        }
    }

    private Stop.Reply stop() {
        try {
            // After a START the host gave up on, the probe answers only once that START is over.
            return probe.client().call(new Stop.Request(s.name()), Duration.ofSeconds(s.readiness().timeoutS()
                    + START_OVERHEAD_S));
        } catch (HapmeterException e) {
            throw new HapmeterException(s.name() + ": stop: " + e.getMessage(), e);
        }
    }

    /** The warm-up requests, each body into BODY; returns the last one's seconds (0 without warm-up). */
    private double warmUp(Path body) {
        double lastRequestS = 0;
        for (int i = 1; i <= warmups; i++) {
            long t = System.nanoTime();
            int n = i;
            long got = phase("warm-up request " + n, () -> client.request(endpoint, body));
            lastRequestS = Timing.since(t);
            expectBytes(got, "warm-up request " + n);
        }
        return lastRequestS;
    }

    private Measurement measureStarted(Start.Reply started, double startS, Path dir,
            Function<List<Measurement.Window>, Boolean> rounds) {
        Path body = dir.resolve("body.tmp");
        double lastRequestS = warmUp(body);
        // As long as a request takes (the last warm-up's time; a second without warm-up) plus the settle time.
        double idleBeforeS = Math.round(((warmups > 0 ? lastRequestS : 1.0) + s.readiness().settleMs() / 1000.0) * 1000) / 1000.0;
        Measurement.Window idleBefore = idle("idle window before", dir.resolve("idle-trace.txt"), idleBeforeS);
        List<Measurement.Window> requests = new ArrayList<>();
        do {
            int n = requests.size() + 1;
            progress.accept(s.name() + ": request window" + (n > 1 ? " " + n : ""));
            Measurement.Window w = window("request window " + n, dir.resolve(n == 1 ? "trace.txt" : "trace-" + n + ".txt"),
                    () -> {
                        long bytes = client.request(endpoint, body);
                        sleep(s.readiness().settleMs());
                        return bytes;
                    });
            expectBytes(w.bytesReceived(), "the measured request");
            progress.accept(String.format("%s: %d bytes received in a %.2f s window, %d events", s.name(),
                    w.bytesReceived(), w.requestS(), w.entries()));
            requests.add(w);
        } while (rounds.apply(requests));
        // The twin after the request: exactly as long as the request window was, armed to disarmed.
        Measurement.Window idleAfter = idle("idle window after", dir.resolve("idle-after-trace.txt"),
                requests.get(0).requestS());
        try {
            Files.deleteIfExists(body);
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        }
        return new Measurement(idleBefore, idleAfter, requests, started.probePid(), startS,
                started.tracerSetupMs() / 1000.0);
    }

    /** An idle window of SECONDS: armed exactly as a request window, no request. */
    private Measurement.Window idle(String name, Path trace, double seconds) {
        progress.accept(String.format("%s: %s (%.2f s)", s.name(), name, seconds));
        return window(name, trace, () -> {
            sleep(Math.round(seconds * 1000));
            return 0L;
        });
    }

    /**
     * Arm (the probe walks the workload's processes afresh), run ACTION (which returns the bytes
     * received), disarm, pull the trace into TRACE. A window whose ring buffer lost anything is
     * not a measurement: it fails here, naming the buffer and how to raise it.
     */
    private Measurement.Window window(String name, Path trace, Supplier<Long> action) {
        long t = System.nanoTime();
        Arm.Reply armed = phase(name + ": arm", () -> probe.client().call(new Arm.Request(s.name(), bufferKb)));
        double armS = Timing.since(t);
        t = System.nanoTime();
        // If the action fails, STOP (in measure) turns tracing off.
        long bytes = phase(name, action);
        double requestS = Timing.since(t);
        t = System.nanoTime();
        Disarm.Reply disarmed = phase(name + ": disarm", () -> probe.client().call(new Disarm.Request()));
        double disarmS = Timing.since(t);
        long lost = disarmed.overrun() + disarmed.commitOverrun() + disarmed.dropped();
        if (lost > 0) {
            throw new HapmeterException(String.format("%s: %s lost %d events (overrun %d, commit overrun %d, dropped %d)"
                    + " with a %d KB ring buffer per CPU: raise it with --buffer-kb or the scenario's buffer_kb",
                    s.name(), name, lost, disarmed.overrun(), disarmed.commitOverrun(), disarmed.dropped(), bufferKb));
        }
        t = System.nanoTime();
        String sha = phase(name + ": pull", () -> probe.pull(Pull.Source.TRACE, trace));
        double pullS = Timing.since(t);
        try {
            return new Measurement.Window(bytes, trace, sha, Files.size(trace), armed.pids(), disarmed.pids(),
                    disarmed.entries(), bufferKb, armS, requestS, disarmS, pullS);
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        }
    }

    private Start.Request startRequest(Image image) {
        Map<String, List<String>> cpuModules = new LinkedHashMap<>();
        s.cpuModules().forEach((flag, modules) -> cpuModules.put(flag, image.loadOrder(modules)));
        return new Start.Request(s.name(), s.command(), image.loadOrder(s.modules()), cpuModules, s.requires(),
                s.network().attachment(), s.port(), s.readiness().kind(), s.readiness().marker(),
                s.readiness().timeoutS() * 1000L, s.stateCommand());
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HapmeterException("interrupted");
        }
    }
}
