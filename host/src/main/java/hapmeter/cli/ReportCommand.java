package hapmeter.cli;

import hapmeter.Home;
import hapmeter.report.Report;
import hapmeter.source.SourceIndex;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = {
        "Write report.html, report.md, figure4.png, figure4.svg, tables/*.csv and report.json into a run directory.",
        "Whatever the run lacks (failed cells, traces, kallsyms) is listed under Missing; the rest still renders."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Run directory (results/<run-id>).")
    Path runDir;

    @Option(names = "--configs", description = "Configuration directory with rules/ and reference/ (default: vm-configs).")
    Path configs;

    @Option(names = "--perf", paramLabel = "PERF_RUN", description = "A run of `hapmeter perf`: adds the Throughput "
            + "section (requests/s, ratio to the workload's baseline, this run's function counts; tables/throughput.csv, throughput.png/svg).")
    Path perf;

    @Override
    public Integer call() {
        Report.Outcome o = Report.write(runDir, configs != null ? configs : Home.vmConfigs(), SourceIndex.defaultRoot(),
                perf);
        o.missing().forEach(m -> System.err.println("missing: " + m));
        System.out.println("report: " + o.html());
        return 0;
    }
}
