package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.analysis.ClassRules;
import hapmeter.image.Image;
import hapmeter.results.Cell;
import hapmeter.results.RunLayout;
import hapmeter.results.Summary;
import hapmeter.scenario.Client;
import hapmeter.scenario.Scenario;
import hapmeter.trace.CountedTask;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TaskSelection;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One traced cell from its windows to its published directory: runs the scenario's windows,
 * analyses their traces, checks the result, and writes summary.json with the artefacts. Nothing
 * is published on failure.
 */
final class CellMeasurer {
    private final RunOptions opt;
    private final TraceAnalyzer analyzer;
    /** The same analysis with the socket backlog's receive work counted: the context-dependent figure. */
    private final TraceAnalyzer backlogAnalyzer;
    private final ClassRules rules;
    private final Consumer<String> progress;
    private final long campaignStart;

    CellMeasurer(RunOptions opt, InterruptRules interrupts, ClassRules rules, Consumer<String> progress,
            long campaignStart) {
        this.opt = opt;
        this.analyzer = new TraceAnalyzer(interrupts);
        this.backlogAnalyzer = new TraceAnalyzer(interrupts.keepingDeferred());
        this.rules = rules;
        this.progress = progress;
        this.campaignStart = campaignStart;
    }

    Summary measure(Cell c, Scenario s, Testbed.Booted b, Client client, InetSocketAddress endpoint, RunLayout layout,
            Image image) {
        String started = Instant.now().toString();
        Path tmp = layout.begin(c.path());
        boolean published = false;
        try {
            int warmups = opt.warmup() != null ? opt.warmup() : s.readiness().warmupRequests();
            // Analysed as they come with --until-steady, which decides on each round's functions.
            List<TraceResult> analysed = new ArrayList<>();
            Measurement m = new ScenarioRun(s, b.probe(), client, endpoint, opt.bufferKb(s), warmups, progress)
                    .measure(image, tmp, windows -> {
                        if (opt.untilSteady() == 0) {
                            return false;
                        }
                        analysed.add(analyze(windows.get(windows.size() - 1), s));
                        return !Steady.done(rounds(analysed), opt.untilSteady(), opt.maxRounds());
                    });
            long t = System.nanoTime();
            for (Measurement.Window w : m.requests().subList(analysed.size(), m.requests().size())) {
                analysed.add(analyze(w, s));
            }
            TreeSet<String> functions = new TreeSet<>();
            TreeSet<String> raw = new TreeSet<>();
            TreeSet<Integer> pidsSeen = new TreeSet<>();
            Map<Integer, CountedTask> tasks = new TreeMap<>();
            // Traced: armed, read back at disarm, or forked in the window; counted tasks are those of them with lines.
            TreeSet<Integer> traced = new TreeSet<>();
            for (int i = 0; i < analysed.size(); i++) {
                TraceResult tr = analysed.get(i);
                functions.addAll(tr.functions());
                raw.addAll(tr.functionsRaw());
                pidsSeen.addAll(tr.pidsSeen());
                tr.tasks().forEach(task -> tasks.putIfAbsent(task.pid(), task));
                traced.addAll(m.requests().get(i).armPids());
                traced.addAll(m.requests().get(i).disarmPids());
                tr.tasks().forEach(task -> traced.add(task.pid()));
            }
            TreeSet<String> withBacklog = new TreeSet<>();
            for (Measurement.Window w : m.requests()) {
                withBacklog.addAll(analyze(backlogAnalyzer, w, s).functions());
            }
            String format = analysed.get(0).format();
            for (String must : s.traceMustContain()) {
                if (functions.stream().noneMatch(f -> f.contains(must))) {
                    throw new HapmeterException(s.name() + ": no traced function contains '" + must
                            + "': the request did not take the scenario's path (see trace_must_contain)");
                }
            }
            TraceResult idleBefore = analyze(m.idleBefore(), s);
            TraceResult idleAfter = analyze(m.idleAfter(), s);
            Map<String, Integer> byClass = rules.countByClass(functions);
            double analysisS = Timing.since(t);
            List<Measurement.Window> windows = new ArrayList<>(m.requests());
            windows.add(m.idleBefore());
            windows.add(m.idleAfter());
            for (Measurement.Window w : windows) {
                RunLayout.gzipAway(w.trace());
            }
            Files.write(tmp.resolve("functions.txt"), functions);
            Files.write(tmp.resolve("idle-functions.txt"), idleBefore.functions());
            Files.write(tmp.resolve("idle-after-functions.txt"), idleAfter.functions());
            b.machine().copyConsoleLog(tmp.resolve("console.log"));
            Measurement.Window first = m.requests().get(0);
            Summary.IdleNoise noise = noise(idleBefore.functions(), idleAfter.functions());
            if (noise.noisy()) {
                progress.accept(String.format("%s: NOISY: the idle windows differ (%d functions only before, %d only after)",
                        s.name(), noise.onlyBefore().size(), noise.onlyAfter().size()));
            }
            Summary sum = new Summary(s.name(), c.kernel(), c.rep(), b.machine().accel(), b.accelNote(), client.name(),
                    first.bytesReceived(), s.expectedBytes(), functions.size(), raw.size(), byClass, withBacklog.size(),
                    rules.name(), first.bufferKb(), 0, 0, 0, 0, 0,
                    m.requests().stream().mapToLong(Measurement.Window::entries).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::traceBytes).sum(), first.traceSha256(), format,
                    new ArrayList<>(traced), new ArrayList<>(tasks.values()), new ArrayList<>(pidsSeen),
                    m.probePid(), warmups, idle(idleBefore, m.idleBefore()), idle(idleAfter, m.idleAfter()), noise,
                    beyond(functions, idleBefore.functions(), idleAfter.functions()),
                    beyond(functions, idleBefore.functions()), beyond(functions, idleAfter.functions()),
                    opt.untilSteady() == 0 ? null : Steady.summary(rounds(analysed), opt.untilSteady(), opt.maxRounds()),
                    new Summary.Timings(b.bootS(), m.startS(), m.tracerSetupS(), first.armS(), first.requestS(),
                            first.disarmS(), first.pullS(), analysisS),
                    Timing.since(campaignStart), image.digest(), started);
            RunLayout.writeJson(tmp.resolve("summary.json"), sum);
            layout.commit(tmp, c.path());
            published = true;
            progress.accept(String.format("%s: %d functions (%s); idle %d", c.path(), sum.functionsTotal(), byClass,
                    sum.idle().functionsTotal()));
            return sum;
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        } finally {
            if (!published) {
                layout.discard(tmp);
            }
        }
    }

    private static List<SortedSet<String>> rounds(List<TraceResult> analysed) {
        return analysed.stream().map(TraceResult::functions).toList();
    }

    private TraceResult analyze(Measurement.Window w, Scenario s) {
        return analyze(analyzer, w, s);
    }

    /**
     * The window's trace, counting the tasks that follow the workload (armed, forked in the
     * window, or still traced at disarm). A trace hapmeter recorded itself must be whole: a lost-
     * events line or a line the parser does not understand fails the cell.
     */
    private static TraceResult analyze(TraceAnalyzer a, Measurement.Window w, Scenario s) {
        String file = w.trace().getFileName().toString();
        TraceResult r;
        try {
            r = a.analyzeSelection(w.trace(), TaskSelection.followingForks(w.armPids(), w.disarmPids()));
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": cannot analyse " + file + ": " + e.getMessage(), e);
        }
        if (r.lostMarkers() > 0) {
            throw new HapmeterException(String.format("%s: %s says %d events were lost (%d lost-events lines) with a %d KB"
                    + " ring buffer per CPU: raise it with --buffer-kb or the scenario's buffer_kb", s.name(), file,
                    r.eventsLost(), r.lostMarkers(), w.bufferKb()));
        }
        if (r.skippedLines() > 0) {
            throw new HapmeterException(s.name() + ": " + file + " has " + r.skippedLines()
                    + " malformed or unknown lines: a trace hapmeter recorded must parse whole");
        }
        return r;
    }

    private Summary.Idle idle(TraceResult r, Measurement.Window w) {
        return new Summary.Idle(r.functions().size(), r.functionsRaw().size(), rules.countByClass(r.functions()), 0,
                w.requestS(), w.traceSha256());
    }

    private static Summary.IdleNoise noise(SortedSet<String> before, SortedSet<String> after) {
        List<String> onlyBefore = before.stream().filter(f -> !after.contains(f)).toList();
        List<String> onlyAfter = after.stream().filter(f -> !before.contains(f)).toList();
        return new Summary.IdleNoise(!onlyBefore.isEmpty() || !onlyAfter.isEmpty(), onlyBefore, onlyAfter);
    }

    /** How many of FUNCTIONS none of the IDLE sets has. */
    @SafeVarargs
    private static int beyond(SortedSet<String> functions, SortedSet<String>... idle) {
        return (int) functions.stream().filter(f -> Arrays.stream(idle).noneMatch(i -> i.contains(f))).count();
    }
}
