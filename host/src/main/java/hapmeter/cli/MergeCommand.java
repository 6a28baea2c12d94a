package hapmeter.cli;

import hapmeter.Json;
import hapmeter.campaign.Merge;
import hapmeter.campaign.RunOptions;
import hapmeter.report.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", description = "Combine run directories (e.g. one per run-cell) into one run directory and its report.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories to merge.")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "The merged run directory (new).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path merged = Merge.merge(inputs, out);
        RunOptions options = Json.MAPPER.convertValue(
                Json.MAPPER.readTree(merged.resolve("campaign.json").toFile()).get("options"), RunOptions.class);
        System.out.println("merged: " + merged);
        System.out.println("report: " + Report.write(merged, options.configs()).html());
        return 0;
    }
}
