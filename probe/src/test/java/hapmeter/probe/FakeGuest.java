package hapmeter.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A guest in a temporary directory: a tracefs tree of plain files, a work dir, a small kallsyms. */
final class FakeGuest {
    private FakeGuest() {
    }

    /** Runs nothing: the commands a fuzzed request names must never run. */
    static final Exec NO_EXEC = new Exec() {
        @Override
        public String run(String what, Duration limit, List<String> argv) throws IOException {
            throw new IOException(what + ": not run in a test");
        }

        @Override
        public Process launch(List<String> argv, Path log) throws IOException {
            throw new IOException("not launched in a test: " + argv);
        }
    };

    static Guest create(Path dir, Exec exec) throws IOException {
        Path t = Files.createDirectories(dir.resolve("tracing"));
        Files.createDirectories(t.resolve("options"));
        Files.createDirectories(t.resolve("events/sched/sched_process_fork"));
        Files.createDirectories(t.resolve("per_cpu/cpu0"));
        Files.createDirectories(t.resolve("per_cpu/cpu1"));
        Files.writeString(t.resolve("current_tracer"), "nop\n");
        Files.writeString(t.resolve("available_tracers"), "function_graph function nop\n");
        Files.writeString(t.resolve("trace"), "# tracer: function_graph\n");
        Files.writeString(t.resolve("set_ftrace_pid"), "no pid\n");
        Files.writeString(t.resolve("per_cpu/cpu0/stats"), "entries: 10\noverrun: 1\ncommit overrun: 0\n"
                + "bytes: 480\ndropped events: 2\n");
        Files.writeString(t.resolve("per_cpu/cpu1/stats"), "entries: 5\noverrun: 0\ncommit overrun: 3\n"
                + "dropped events: 0\n");
        Path kallsyms = Files.writeString(dir.resolve("kallsyms"), "ffffffff81000000 T _stext\n");
        Path work = Files.createDirectories(dir.resolve("work"));
        return new Guest(new Tracefs(t), work, kallsyms, null, exec);
    }
}
