package hapmeter.cli;

import hapmeter.Home;
import hapmeter.analysis.ClassRules;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", description = "Count and classify the functions of a function_graph trace (plain or .gz).")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Trace file.")
    Path trace;

    @Option(names = "--pids", split = ",", description = "Keep only these tasks' lines.")
    List<Integer> pids;

    @Option(names = "--rules", description = "Classification rules (default: vm-configs/rules/paper.json).")
    Path rules;

    @Option(names = "--list", description = "Print the unique functions with their class.")
    boolean list;

    @Override
    public Integer call() throws IOException {
        Path rulesDir = Home.vmConfigs().resolve("rules");
        ClassRules cr = ClassRules.load(rules != null ? rules : rulesDir.resolve("paper.json"));
        TraceResult r = new TraceAnalyzer(InterruptRules.load(rulesDir.resolve("interrupts.json")))
                .analyze(trace, pids == null ? null : Set.copyOf(pids));
        Map<String, Integer> byClass = cr.countByClass(r.functions());
        if (list) {
            for (String f : r.functions()) {
                System.out.println(cr.classify(f) + "\t" + f);
            }
        }
        System.out.printf("format %s, %d lines, pids %s%n", r.format(), r.lines(), new TreeSet<>(r.pidsSeen()));
        System.out.printf("functions: %d (raw %d) %s%n", r.functions().size(), r.functionsRaw().size(), byClass);
        return 0;
    }
}
