package hapmeter.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads ftrace function_graph traces (tracefs trace files, `trace-cmd report` output; plain or gzip-compressed,
 * detected by content): the unique kernel functions of the selected tasks, interrupt work removed, or the system
 * calls they entered. Thread-safe.
 */
public final class TraceAnalyzer {
    private static final String NO_TASK_COLUMN = "no function_graph call line with a task column (funcgraph-proc=1)";
    private final InterruptRules rules;

    public TraceAnalyzer(InterruptRules rules) {
        this.rules = Objects.requireNonNull(rules);
    }

    /**
     * @param pids the tasks to count, or null for all; ignored for traces without the proc column (funcgraph-proc=0)
     * @throws TraceFormatException if the input is not a function_graph trace
     */
    public TraceResult analyze(InputStream in, Set<Integer> pids) throws IOException {
        return analyzeSelection(in, TaskSelection.of(pids));
    }

    /** As {@link #analyze(InputStream, Set)}. */
    public TraceResult analyze(Path file, Set<Integer> pids) throws IOException {
        return analyzeSelection(file, TaskSelection.of(pids));
    }

    /**
     * As {@link #analyze(InputStream, Set)}, counting the tasks a selection picks (e.g. following the workload's forks).
     *
     * @param tasks the tasks to count; without the proc column (funcgraph-proc=0) every task counts
     * @throws TraceFormatException if the input is not a function_graph trace
     */
    public TraceResult analyzeSelection(InputStream in, TaskSelection tasks) throws IOException {
        GraphParser parser = new GraphParser(rules, new Names(), null);
        parse(parser, in);
        return parser.result(tasks);
    }

    /** As {@link #analyzeSelection(InputStream, TaskSelection)}. */
    public TraceResult analyzeSelection(Path file, TaskSelection tasks) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return analyzeSelection(in, tasks);
        } catch (TraceFormatException e) {
            throw new TraceFormatException(file + ": " + e.getMessage());
        }
    }

    /**
     * The system calls the tasks PIDS entered, outside interrupt work.
     *
     * @throws TraceFormatException if the input is not a function_graph trace with the task column (funcgraph-proc=1
     *                              or trace-cmd report)
     */
    public Syscalls syscalls(InputStream in, Set<Integer> pids) throws IOException {
        Objects.requireNonNull(pids);
        Names names = new Names();
        SyscallScanner scanner = new SyscallScanner(names);
        GraphParser parser = new GraphParser(rules, names, scanner);
        try {
            parse(parser, in);
        } catch (TraceFormatException e) {
            throw new TraceFormatException(NO_TASK_COLUMN + ": " + e.getMessage());
        }
        if (!parser.hasTaskColumn()) {
            throw new TraceFormatException(NO_TASK_COLUMN);
        }
        return scanner.result(parser.select(TaskSelection.of(pids)), pids);
    }

    /** As {@link #syscalls(InputStream, Set)}; the caller names the file in its errors. */
    public Syscalls syscalls(Path file, Set<Integer> pids) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return syscalls(in, pids);
        }
    }

    private static void parse(GraphParser parser, InputStream in) throws IOException {
        PushbackInputStream pin = new PushbackInputStream(in, 2);
        byte[] magic = pin.readNBytes(2);
        pin.unread(magic);
        boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        parser.parse(gzip ? new GZIPInputStream(pin, 1 << 16) : pin);
        parser.requireGraph();
    }
}
