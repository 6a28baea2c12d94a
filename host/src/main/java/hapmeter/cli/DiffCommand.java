package hapmeter.cli;

import hapmeter.Home;
import hapmeter.analysis.ClassRules;
import hapmeter.report.Diff;
import hapmeter.source.SourceIndex;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = {
        "Compare two results: the functions only in A, only in B and in both, with class and (when a source index",
        "serves the kernel) subsystem. A and B: a cell directory (holding functions.txt), RUN_DIR:SCENARIO (or",
        "RUN_DIR:KERNEL/SCENARIO in a matrix run), or a directory inside a run holding one scenario's repeats",
        "(RUN_DIR/KERNEL/SCENARIO; repeats are united)."})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "First result.")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "Second result.")
    String b;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the comparison as one self-contained HTML page.")
    Path html;

    @Option(names = "--rules", description = "Classification rules (default: vm-configs/rules/paper.json).")
    Path rules;

    @Override
    public Integer call() {
        Diff.Side sideA = Diff.side(a);
        Diff.Side sideB = Diff.side(b);
        ClassRules cr = ClassRules.load(rules != null ? rules : Home.vmConfigs().resolve("rules/paper.json"));
        Diff d = Diff.of(sideA, sideB, cr, SourceIndex.defaultRoot());
        System.out.print(d.text());
        if (html != null) {
            d.writeHtml(html);
            System.out.println("html: " + html);
        }
        return 0;
    }
}
