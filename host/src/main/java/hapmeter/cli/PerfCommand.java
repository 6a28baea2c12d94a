package hapmeter.cli;

import hapmeter.analysis.Reference;
import hapmeter.campaign.Campaign;
import hapmeter.campaign.RunOptions;
import hapmeter.report.PerfReport;
import hapmeter.report.RunData;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "perf", description = "Boot the test VM and measure each scenario's requests/s from the host, "
        + "nothing armed; write results/<run-id>/perf.md and, with --functions, perf.png/perf.svg.")
final class PerfCommand implements Callable<Integer> {
    @Mixin
    CampaignOptions campaign;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds per run (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per scenario (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--connections", defaultValue = "1",
            description = "Concurrent clients (default: ${DEFAULT-VALUE}: the server takes one connection at a time).")
    int connections;

    @Option(names = "--functions", paramLabel = "RUN_DIR",
            description = "A traced run of the same scenarios: its function counts go into the table and the chart.")
    Path functions;

    @Override
    public Integer call() {
        RunData traced = functions == null ? null : RunData.load(functions); // a wrong path fails before the boot
        Progress progress = new Progress(System.err);
        RunOptions opt = campaign.toRunOptions(progress).measuringThroughput(new RunOptions.Perf(duration, runs, connections));
        Campaign.Result r = new Campaign(opt, progress).run();
        for (Campaign.CellOutcome c : r.cells()) {
            if (!c.state().equals("done")) {
                System.out.println(c.cell().path() + ": " + c.state() + (c.error() == null ? "" : ": " + c.error()));
            }
        }
        if (r.cells().stream().anyMatch(c -> c.state().equals("done"))) {
            for (PerfReport.Row row : PerfReport.write(r.runDir(), traced, Reference.paper(opt.configs()))) {
                System.out.println(String.format(Locale.ROOT, "%-14s %8.1f requests/s  spread %3.0f%%  ratio %s",
                        row.perf().scenario(), row.perf().median(), row.perf().spread() * 100,
                        row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.ratio())));
            }
        }
        System.out.println("results: " + r.runDir());
        return r.cells().stream().noneMatch(c -> c.state().equals("failed")) ? 0 : 1;
    }
}
