package hapmeter.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A small typed view of tracefs, in the spirit of libtracefs: one method per knob. */
public final class Tracefs {
    private final Path root;

    public Tracefs(Path root) {
        this.root = root;
    }

    public boolean available() {
        return Files.isRegularFile(root.resolve("current_tracer"));
    }

    public List<String> availableTracers() throws IOException {
        return List.of(read("available_tracers").trim().split("\\s+"));
    }

    public String tracer() throws IOException {
        return read("current_tracer").trim();
    }

    /** Switching tracer patches every call site (seconds under TCG), so skip it when already set. */
    public void setTracer(String name) throws IOException {
        if (!tracer().equals(name)) {
            write("current_tracer", name);
        }
    }

    public void bufferSizeKb(int kb) throws IOException {
        write("buffer_size_kb", Integer.toString(kb));
    }

    /** Sets OPTION (a file in options/, like trace-cmd's -O). */
    public void option(String name, boolean on) throws IOException {
        write("options/" + name, on ? "1" : "0");
    }

    public void enableEvent(String system, String event, boolean on) throws IOException {
        write("events/" + system + "/" + event + "/enable", on ? "1" : "0");
    }

    /** The pids the function tracers follow. */
    public void setPids(Collection<Integer> pids) throws IOException {
        writePids("set_ftrace_pid", pids);
    }

    /** The pids the trace events follow. */
    public void setEventPids(Collection<Integer> pids) throws IOException {
        writePids("set_event_pid", pids);
    }

    /** The traced pids, including children that function-fork added. */
    public SortedSet<Integer> pids() throws IOException {
        SortedSet<Integer> out = new TreeSet<>();
        String text = read("set_ftrace_pid");
        if (!text.startsWith("no pid")) {
            for (String pid : text.trim().split("\\s+")) {
                if (!pid.isEmpty()) {
                    out.add(Integer.parseInt(pid));
                }
            }
        }
        return out;
    }

    /** Empties the ring buffers (opening "trace" for writing with O_TRUNC does that). */
    public void clear() throws IOException {
        write("trace", "");
    }

    public void tracingOn(boolean on) throws IOException {
        write("tracing_on", on ? "1" : "0");
    }

    /** Sums of the per-CPU ring buffer counters, keyed by their names in per_cpu/cpuN/stats. */
    public BufferStats stats() throws IOException {
        long overrun = 0, commitOverrun = 0, dropped = 0, entries = 0;
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(root.resolve("per_cpu"), "cpu*")) {
            for (Path cpu : cpus) {
                for (String line : Files.readAllLines(cpu.resolve("stats"))) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String key = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    switch (key) {
                        case "overrun" -> overrun += Long.parseLong(value);
                        case "commit overrun" -> commitOverrun += Long.parseLong(value);
                        case "dropped events" -> dropped += Long.parseLong(value);
                        case "entries" -> entries += Long.parseLong(value);
                        default -> { }
                    }
                }
            }
        }
        return new BufferStats(overrun, commitOverrun, dropped, entries);
    }

    public record BufferStats(long overrun, long commitOverrun, long dropped, long entries) {
    }

    /** The formatted trace (reading "trace" does not consume it). */
    public InputStream openTrace() throws IOException {
        return Files.newInputStream(root.resolve("trace"));
    }

    private String read(String file) throws IOException {
        return Files.readString(root.resolve(file), StandardCharsets.US_ASCII);
    }

    private void writePids(String file, Collection<Integer> pids) throws IOException {
        // One write replaces the whole list (no O_APPEND), so a stale pid never survives.
        write(file, pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
    }

    private void write(String file, String value) throws IOException {
        // tracefs wants one write() per value; a plain stream without buffering gives that.
        try (OutputStream out = Files.newOutputStream(root.resolve(file))) {
            out.write((value + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException("tracefs: cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }
}
