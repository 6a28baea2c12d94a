package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.seccomp.Allowlist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "seccomp", description = "Write a seccomp allowlist of exactly the syscalls a measured cell's "
        + "workload made (e.g. RUN_DIR/tap), for the server's HAPMETER_SECCOMP filter.")
final class SeccompCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CELL_DIR", description = "A measured cell: summary.json and its traces.")
    Path cell;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: CELL_DIR/seccomp.allow).")
    Path out;

    @Override
    public Integer call() {
        List<String> lines = Allowlist.of(cell, Allowlist.UNISTD);
        Path dest = out != null ? out : cell.resolve("seccomp.allow");
        try {
            Files.write(dest, lines);
        } catch (IOException e) {
            throw new HapmeterException("cannot write " + dest + ": " + e.getMessage(), e);
        }
        lines.forEach(System.out::println);
        System.out.println(lines.size() + " syscalls: " + dest);
        return 0;
    }
}
