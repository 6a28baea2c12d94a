package hapmeter.probe;

import java.nio.file.Path;

/**
 * The machine as the probe sees it: where tracefs is, a directory of its own, the file PULL
 * kallsyms reads, the bulk port (null without one), how to start processes. A test gives a
 * fake tracefs tree in a temporary directory and an {@link Exec} that runs nothing.
 */
record Guest(Tracefs tracefs, Path workDir, Path kallsyms, Path dataPort, Exec exec) {
    /** The test VM: tracefs at TRACEFS, the probe's files in /tmp/hapmeter. */
    static Guest local(Path tracefs, Path dataPort) {
        Path work = Path.of("/tmp/hapmeter");
        return new Guest(new Tracefs(tracefs), work, Path.of("/proc/kallsyms"), dataPort, new LocalExec(work));
    }
}
