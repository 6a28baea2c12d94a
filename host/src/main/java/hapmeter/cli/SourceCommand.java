package hapmeter.cli;

import hapmeter.Home;
import hapmeter.source.DebianSource;
import hapmeter.source.SourceIndex;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "source", description = "Kernel source trees: lines and complexity of the functions a run reached.",
        subcommands = SourceCommand.Index.class)
public final class SourceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (index)");
    }

    @Command(name = "index", description = {
            "Build once (cached in ~/.cache/hapmeter/source-index) the index of a Debian kernel's source: every",
            "function's file, lines, pmccabe and GNU complexity scores. Reports of runs on that kernel then show",
            "lines, complexity, HAP and subsystems. Needs apt (linux-source-X.Y), pmccabe and complexity."})
    static final class Index implements Callable<Integer> {
        @Option(names = "--kernel", required = true, description = "Kernel release, e.g. 6.1.0-56-amd64.")
        String kernel;

        @Option(names = "--force", description = "Rebuild even if cached.")
        boolean force;

        @Override
        public Integer call() {
            DebianSource.Outcome o = DebianSource.index(kernel, Home.cache(), SourceIndex.defaultRoot(), force,
                    new Progress(System.err));
            SourceIndex.Meta m = o.index().meta();
            System.out.printf("source index for %s: %s, %d files, %d definitions of %d names%n", o.release(),
                    m.source(), m.files(), m.definitions(), m.names());
            System.out.printf("%s in %s%n", o.cached() ? "cached; found" : "built", o.seconds());
            if (!m.rewritten().isEmpty() || !m.failed().isEmpty()) {
                System.out.printf("pmccabe crashed on %d files, measured with 'class' renamed; %d unmeasurable%n",
                        m.rewritten().size(), m.failed().size());
            }
            System.out.println("index: " + o.index().dir());
            return 0;
        }
    }
}
