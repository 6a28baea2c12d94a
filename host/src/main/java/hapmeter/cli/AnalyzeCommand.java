package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.analysis.ClassRules;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceFormatException;
import hapmeter.trace.TraceResult;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", description = {
        "Count and classify the functions of function_graph traces (plain or .gz): a tracefs trace file (any",
        "funcgraph-* columns, e.g. nabla-measurements' raw traces) or `trace-cmd report` output. The format is",
        "detected per file and named; malformed lines are skipped and counted. With several traces, also their union."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Trace files.")
    List<Path> traces;

    @Option(names = "--pids", split = ",", description = "Keep only these tasks' lines.")
    List<Integer> pids;

    @Option(names = "--rules", description = "Classification rules (default: vm-configs/rules/paper.json).")
    Path rules;

    @Option(names = "--list", description = "Print the unique functions (of all traces) with their class.")
    boolean list;

    @Override
    public Integer call() {
        Path rulesDir = Home.vmConfigs().resolve("rules");
        ClassRules cr = ClassRules.load(rules != null ? rules : rulesDir.resolve("paper.json"));
        TraceAnalyzer analyzer = new TraceAnalyzer(InterruptRules.load(rulesDir.resolve("interrupts.json")));
        TreeSet<String> all = new TreeSet<>();
        TreeSet<String> allRaw = new TreeSet<>();
        StringBuilder summary = new StringBuilder();
        for (Path trace : traces) {
            TraceResult r = analyze(analyzer, trace);
            all.addAll(r.functions());
            allRaw.addAll(r.functionsRaw());
            summary.append(String.format("%s: format %s, %d lines (%d malformed, skipped), pids %s%n", trace,
                    r.format(), r.lines(), r.skippedLines(), new TreeSet<>(r.pidsSeen())));
            summary.append(String.format("  functions: %d (raw %d) %s%n", r.functions().size(),
                    r.functionsRaw().size(), cr.countByClass(r.functions())));
        }
        if (traces.size() > 1) {
            summary.append(String.format("all %d traces%n  functions: %d (raw %d) %s%n", traces.size(), all.size(),
                    allRaw.size(), cr.countByClass(all)));
        }
        if (list) {
            all.forEach(f -> System.out.println(cr.classify(f) + "\t" + f));
        }
        System.out.print(summary);
        return 0;
    }

    private TraceResult analyze(TraceAnalyzer analyzer, Path trace) {
        try {
            return analyzer.analyze(trace, pids == null ? null : Set.copyOf(pids));
        } catch (NoSuchFileException e) {
            throw new HapmeterException("no such trace: " + trace, e);
        } catch (TraceFormatException e) {
            throw new HapmeterException(e.getMessage(), e);
        } catch (IOException e) {
            throw new HapmeterException("cannot read " + trace + ": " + e.getMessage(), e);
        }
    }
}
