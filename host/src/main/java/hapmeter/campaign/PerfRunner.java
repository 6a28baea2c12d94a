package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.image.Image;
import hapmeter.results.Cell;
import hapmeter.results.PerfResult;
import hapmeter.results.RunLayout;
import hapmeter.scenario.Client;
import hapmeter.scenario.Load;
import hapmeter.scenario.Scenario;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A throughput cell: loads the warm server with nothing armed and publishes perf.json; nothing on failure. */
final class PerfRunner {
    private final RunOptions opt;
    private final Consumer<String> progress;

    PerfRunner(RunOptions opt, Consumer<String> progress) {
        this.opt = opt;
        this.progress = progress;
    }

    void measure(Cell c, Scenario s, Testbed.Booted b, Client client, InetSocketAddress endpoint, RunLayout layout,
            Image image) {
        Path tmp = layout.begin(c.path());
        boolean published = false;
        try {
            RunOptions.Perf perf = opt.perf();
            int warmups = opt.warmup() != null ? opt.warmup() : s.readiness().warmupRequests();
            List<Load.Result> runs = new ScenarioRun(s, b.probe(), client, endpoint, opt.bufferKb(s), warmups, progress)
                    .throughput(image, tmp, Duration.ofSeconds(perf.durationS()), perf.runs(), perf.connections());
            PerfResult r = PerfResult.of(s.name(), client.workload().name(), client.workload().baseline(), c.kernel(),
                    b.machine().accel(), perf.durationS(), perf.connections(),
                    runs.stream().map(Load.Result::perSecond).toList(), runs.stream().map(Load.Result::requests).toList(),
                    runs.stream().map(Load.Result::errors).toList());
            b.machine().copyConsoleLog(tmp.resolve("console.log"));
            RunLayout.writeJson(tmp.resolve("perf.json"), r);
            layout.commit(tmp, c.path());
            published = true;
            progress.accept(String.format("%s: %.1f requests/s (median of %d; spread %.0f%%)", c.path(), r.median(),
                    perf.runs(), r.spread() * 100));
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        } finally {
            if (!published) {
                layout.discard(tmp);
            }
        }
    }
}
