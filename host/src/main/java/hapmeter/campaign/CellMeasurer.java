package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.analysis.ClassRules;
import hapmeter.image.Image;
import hapmeter.results.Cell;
import hapmeter.results.RunLayout;
import hapmeter.results.Summary;
import hapmeter.scenario.Client;
import hapmeter.scenario.Scenario;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
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
    private final ClassRules rules;
    private final Consumer<String> progress;
    private final long campaignStart;

    CellMeasurer(RunOptions opt, TraceAnalyzer analyzer, ClassRules rules, Consumer<String> progress, long campaignStart) {
        this.opt = opt;
        this.analyzer = analyzer;
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
            Measurement m = new ScenarioRun(s, b.probe(), client, endpoint, opt.bufferKb(), warmups, progress)
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
            for (TraceResult tr : analysed) {
                functions.addAll(tr.functions());
                raw.addAll(tr.functionsRaw());
                pidsSeen.addAll(tr.pidsSeen());
            }
            String format = analysed.get(0).format();
            for (String must : s.traceMustContain()) {
                if (functions.stream().noneMatch(f -> f.contains(must))) {
                    throw new HapmeterException(s.name() + ": no traced function contains '" + must
                            + "': the request did not take the scenario's path (see trace_must_contain)");
                }
            }
            TraceResult idle = analyze(m.idle(), s);
            Map<String, Integer> byClass = rules.countByClass(functions);
            double analysisS = Timing.since(t);
            for (Measurement.Window w : m.requests()) {
                RunLayout.gzipAway(w.trace());
            }
            RunLayout.gzipAway(m.idle().trace());
            Files.write(tmp.resolve("functions.txt"), functions);
            Files.write(tmp.resolve("idle-functions.txt"), idle.functions());
            b.machine().copyConsoleLog(tmp.resolve("console.log"));
            Measurement.Window first = m.requests().get(0);
            Summary sum = new Summary(s.name(), c.kernel(), c.rep(), b.machine().accel(), b.accelNote(), client.name(),
                    first.bytesReceived(), s.expectedBytes(), functions.size(), raw.size(), byClass, rules.name(),
                    m.requests().stream().mapToLong(Measurement.Window::overrun).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::commitOverrun).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::dropped).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::entries).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::traceBytes).sum(), first.traceSha256(), format,
                    first.tracedPids().stream().map(Long::valueOf).toList(), new ArrayList<>(pidsSeen), m.probePid(),
                    warmups,
                    new Summary.Idle(idle.functions().size(), idle.functionsRaw().size(), rules.countByClass(idle.functions()),
                            m.idle().lost(), m.idleWaitS(), m.idle().traceSha256()),
                    (int) functions.stream().filter(f -> !idle.functions().contains(f)).count(),
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
        try {
            return analyzer.analyze(w.trace(), w.tracedPids());
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": cannot analyse " + w.trace().getFileName() + ": " + e.getMessage(), e);
        }
    }
}
