package hapmeter.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario's server process inside the test VM, from launch until it is stopped, with the
 * container runtime's state command that names its container (if any).
 */
final class RunningWorkload {
    /** A runtime's state command answers at once; one that hangs must not hang ARM. */
    private static final Duration STATE_LIMIT = Duration.ofSeconds(30);
    private static final Pattern STATE_PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> stateCommand;
    private final Exec exec;

    private RunningWorkload(String name, Process process, Path log, List<String> stateCommand, Exec exec) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stateCommand = List.copyOf(stateCommand);
        this.exec = exec;
    }

    /** STATE_COMMAND: prints the runtime's state JSON for the workload's container; empty if none. */
    static RunningWorkload launch(String name, List<String> argv, List<String> stateCommand, Path logDir, Exec exec)
            throws IOException {
        Path log = logDir.resolve(name + ".log");
        return new RunningWorkload(name, exec.launch(argv, log), log, stateCommand, exec);
    }

    String name() {
        return name;
    }

    int pid() {
        return Math.toIntExact(process.pid());
    }

    /**
     * Waits until the workload is ready: "kernel-listen" polls /proc/net/tcp{,6} for a socket
     * listening on PORT (readiness without a request); "output" waits for MARKER in its output,
     * for workloads whose sockets the kernel never sees (a userspace stack, a VM).
     */
    void awaitReady(String kind, int port, String marker, long timeoutMs) throws IOException, InterruptedException {
        if (kind.equals("output") && marker == null) {
            throw new IOException("readiness 'output' without a marker");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String local = String.format(Locale.ROOT, ":%04X", port);
        String what = kind.equals("output") ? "print '" + marker + "'" : "listen on port " + port;
        while (true) {
            boolean ready = switch (kind) {
                case "kernel-listen" -> listensAnywhere(local);
                case "output" -> Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker);
                default -> throw new IOException("unknown readiness kind '" + kind + "'");
            };
            if (ready) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it would " + what
                        + "; its output: " + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not " + what + " within " + timeoutMs + " ms; its output: " + logTail());
            }
            Thread.sleep(20);
        }
    }

    /** In the test VM's network namespace or in that of a process of the workload (a container with its own). */
    private boolean listensAnywhere(String localPort) throws IOException {
        List<Path> tables = new ArrayList<>(List.of(Path.of("/proc/net")));
        process.toHandle().descendants().forEach(h -> tables.add(Path.of("/proc", Long.toString(h.pid()), "net")));
        for (Path net : tables) {
            if (listens(net.resolve("tcp"), localPort) || listens(net.resolve("tcp6"), localPort)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listens(Path table, String localPort) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (NoSuchFileException e) {
            return false; // no IPv6, or the process has just exited
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // fields: sl local_address rem_address st ...; st 0A is LISTEN
            if (f.length > 3 && f[1].endsWith(localPort) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Walks the process trees afresh: the launched process, its descendants and every thread of
     * each (threads are pids to ftrace), plus the tree of the pid the container runtime reports for
     * the container: runsc's sandbox, for one, is not a descendant of every runtime process, and the
     * runtime's word is what names the container.
     */
    SortedSet<Integer> pids() throws IOException {
        TreeSet<Integer> pids = tree(process.toHandle());
        if (!stateCommand.isEmpty()) {
            String out = exec.run("the runtime's state command", STATE_LIMIT, stateCommand);
            Matcher m = STATE_PID.matcher(out);
            if (!m.find()) {
                throw new IOException(String.join(" ", stateCommand) + " gave no container pid: " + out);
            }
            long pid = Long.parseLong(m.group(1));
            ProcessHandle container = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IOException("the runtime's container pid " + pid + " is not running"));
            pids.addAll(tree(container));
        }
        return pids;
    }

    private static TreeSet<Integer> tree(ProcessHandle root) throws IOException {
        TreeSet<Integer> pids = new TreeSet<>();
        addWithThreads(root.pid(), pids);
        for (ProcessHandle h : root.descendants().toList()) {
            addWithThreads(h.pid(), pids);
        }
        return pids;
    }

    private static void addWithThreads(long pid, TreeSet<Integer> out) throws IOException {
        out.add(Math.toIntExact(pid));
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        // A process that ended since it was listed has no tasks left to trace.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                out.add(Integer.parseInt(t.getFileName().toString()));
            }
        } catch (NoSuchFileException | NotDirectoryException gone) {
            // nothing to add
        }
    }

    /** Whether the workload still runs (it may have died by itself: a crash, a seccomp kill). */
    boolean alive() {
        return process.isAlive();
    }

    /** Kills the workload and its descendants; returns the exit status. */
    int stop() throws InterruptedException {
        LocalExec.killTree(process);
        return process.waitFor();
    }

    String logTail() {
        try {
            String s = Files.readString(log);
            return s.length() > 500 ? s.substring(s.length() - 500) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
