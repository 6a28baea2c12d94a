package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.vm.VmFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point. Errors are one line on stderr ("hapmeter: ...") and a non-zero exit. */
// INHERIT: every subcommand gets --help and --version too.
@Command(name = "hapmeter", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "hapmeter 0.1.0",
        description = "Measures the host-kernel functions an isolation mechanism exposes (HotCloud'18 method).",
        subcommands = {RunCommand.class, PlanCommand.class, RunCellCommand.class, MergeCommand.class, ImageCommand.class,
            ReportCommand.class, DiffCommand.class, SourceCommand.class, AnalyzeCommand.class, BenchCommand.class,
            PerfCommand.class, SeccompCommand.class, KernelsCommand.class})
public final class HapmeterCli {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new HapmeterCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof HapmeterException) {
                System.err.println("hapmeter: " + e.getMessage().lines().findFirst().orElse(""));
                if (e instanceof VmFailure vf) {
                    System.err.println(vf.details());
                }
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
