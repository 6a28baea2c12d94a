package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.analysis.Reference;
import hapmeter.campaign.Campaign;
import hapmeter.report.Report;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Boot the test VM, measure the scenarios, write results/<run-id>/ and its report.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    CampaignOptions campaign;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted campaign with its recorded options; finished cells are kept.")
    Path resume;

    @Override
    public Integer call() {
        Progress progress = new Progress(System.err);
        Campaign.Result r = resume != null ? Campaign.resume(resume, progress)
                : new Campaign(campaign.toRunOptions(progress), progress).run();
        return finish(r, campaign.configDir());
    }

    /** The table, the report, and the exit code: skipped cells (no KVM here, say) do not fail a run. */
    static int finish(Campaign.Result r, Path configDir) {
        System.out.println(Tables.summary(r, Reference.paper(configDir)));
        System.out.println("results: " + r.runDir());
        // The report is a view of the results: its failure is reported, but the cells decide the exit code.
        try {
            System.out.println("report: " + Report.write(r.runDir(), configDir).html());
        } catch (HapmeterException e) {
            System.err.println("hapmeter: report not written: " + e.getMessage());
        }
        return r.cells().stream().noneMatch(c -> c.state().equals("failed")) ? 0 : 1;
    }
}
