package hapmeter.probe;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scenario's server process inside the test VM, from launch until it listens. */
final class Workload {
    private final String name;
    private final Process process;
    private final Path log;

    private Workload(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Workload launch(String name, List<String> argv, Path logDir) throws IOException {
        Path log = logDir.resolve(name + ".log");
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null"))
                .start();
        return new Workload(name, p, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until the workload is ready: "kernel-listen" polls /proc/net/tcp{,6} for a socket
     * listening on PORT (readiness without a request); "output" waits for MARKER in its output,
     * for workloads whose sockets the kernel never sees (a userspace stack, a VM).
     */
    void awaitReady(String kind, int port, String marker, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String local = String.format(Locale.ROOT, ":%04X", port);
        String what = kind.equals("output") ? "print '" + marker + "'" : "listen on port " + port;
        while (true) {
            boolean ready = switch (kind) {
                case "kernel-listen" -> listens(Path.of("/proc/net/tcp"), local) || listens(Path.of("/proc/net/tcp6"), local);
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

    private static boolean listens(Path table, String localPort) throws IOException {
        if (!Files.exists(table)) {
            return false;
        }
        for (String line : Files.readAllLines(table)) {
            String[] f = line.trim().split("\\s+");
            // fields: sl local_address rem_address st ...; st 0A is LISTEN
            if (f.length > 3 && f[1].endsWith(localPort) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    /** The process, its descendants, and every thread of each (threads are pids to ftrace). */
    TreeSet<Long> pids() throws IOException {
        return tree(process.toHandle());
    }

    /**
     * The workload's pids plus the process tree of the pid its container runtime reports for the
     * container (STATE_COMMAND prints the runtime's state JSON): runsc's sandbox, for one, is not a
     * descendant of every runtime process, and the runtime's word is what names the container.
     */
    TreeSet<Long> pids(List<String> stateCommand) throws IOException, InterruptedException {
        TreeSet<Long> pids = pids();
        Process state = new ProcessBuilder(stateCommand).redirectErrorStream(true).start();
        String out = new String(state.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = STATE_PID.matcher(out);
        if (state.waitFor() != 0 || !m.find()) {
            throw new IOException(String.join(" ", stateCommand) + " gave no container pid: " + out.strip());
        }
        long pid = Long.parseLong(m.group(1));
        ProcessHandle sandbox = ProcessHandle.of(pid)
                .orElseThrow(() -> new IOException("the runtime's container pid " + pid + " is not running"));
        pids.addAll(tree(sandbox));
        return pids;
    }

    private static final Pattern STATE_PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

    private static TreeSet<Long> tree(ProcessHandle root) throws IOException {
        TreeSet<Long> pids = new TreeSet<>();
        addWithThreads(root.pid(), pids);
        for (ProcessHandle h : root.descendants().toList()) {
            addWithThreads(h.pid(), pids);
        }
        return pids;
    }

    private static void addWithThreads(long pid, TreeSet<Long> out) throws IOException {
        out.add(pid);
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                out.add(Long.parseLong(t.getFileName().toString()));
            }
        }
    }

    /** Whether the workload still runs (it may have died by itself: a crash, a seccomp kill). */
    boolean alive() {
        return process.isAlive();
    }

    /** Kills the workload and its descendants; returns the exit status. */
    int stop() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
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
