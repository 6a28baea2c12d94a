package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.campaign.Campaign;
import hapmeter.campaign.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run-cell", description = "Run exactly one planned cell into its own run directory (idempotent).")
final class RunCellCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CELL",
            description = "A line of `plan`, or PLAN_FILE:N for its line N counted from 0 "
                    + "(e.g. $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID).")
    String cell;

    @Option(names = "--out", required = true, description = "The cell's run directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
        CellSpec planned = Json.MAPPER.readValue(line(), CellSpec.class);
        CellSpec spec = new CellSpec(planned.kernel(), planned.scenario(), planned.rep(),
                planned.options().withLocalConfigs(Home.vmConfigs()));
        Campaign.Result r = Campaign.runCell(spec, out, new Progress(System.err));
        return RunCommand.finish(r, spec.options().configs());
    }

    private String line() throws IOException {
        if (cell.trim().startsWith("{")) {
            return cell;
        }
        int colon = cell.lastIndexOf(':');
        if (colon < 0) {
            throw new HapmeterException("CELL must be a JSON line of `plan` or PLAN_FILE:N, not '" + cell + "'");
        }
        Path plan = Path.of(cell.substring(0, colon));
        int n;
        try {
            n = Integer.parseInt(cell.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new HapmeterException("CELL " + cell + ": N must be a line number counted from 0");
        }
        if (!Files.isRegularFile(plan)) {
            throw new HapmeterException("no plan file " + plan);
        }
        List<String> lines = Files.readAllLines(plan).stream().filter(l -> !l.isBlank()).toList();
        if (n < 0 || n >= lines.size()) {
            throw new HapmeterException("plan " + plan + " has " + lines.size() + " cells; there is no cell " + n);
        }
        return lines.get(n);
    }
}
