package hapmeter.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Counts the unique kernel functions of an ftrace function_graph trace, interrupt work removed. Thread-safe. */
public final class TraceAnalyzer {
    private final InterruptRules rules;

    public TraceAnalyzer(InterruptRules rules) {
        this.rules = Objects.requireNonNull(rules);
    }

    /**
     * @param pids the tasks to keep, or null for all; ignored for traces without the proc column (funcgraph-proc=0)
     * @throws TraceFormatException if the input is not a function_graph trace
     */
    public TraceResult analyze(InputStream in, Set<Integer> pids) throws IOException {
        PushbackInputStream pin = new PushbackInputStream(in, 2);
        byte[] magic = pin.readNBytes(2);
        pin.unread(magic);
        boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        GraphParser parser = new GraphParser(rules, pids == null ? null : Set.copyOf(pids));
        parser.parse(gzip ? new GZIPInputStream(pin, 1 << 16) : pin);
        return parser.result();
    }

    /** As {@link #analyze(InputStream, Set)}; plain or gzip-compressed (detected by content, not name). */
    public TraceResult analyze(Path file, Set<Integer> pids) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return analyze(in, pids);
        } catch (TraceFormatException e) {
            throw new TraceFormatException(file + ": " + e.getMessage());
        }
    }
}
