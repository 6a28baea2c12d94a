package hapmeter.probe;

import hapmeter.protocol.Bulk;
import hapmeter.protocol.Command;
import hapmeter.protocol.FrameReader;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The in-VM agent, started by /init: answers the host's requests on the control serial port and
 * streams bulk data on the virtio-serial port. It writes nothing else anywhere: the kernel
 * console belongs to the kernel. Without a bulk port (a bare-metal machine on a serial cable)
 * the host pulls files over the control line, compressed, in checksummed chunks.
 *
 * <p>Usage: {@code probe CONTROL_TTY DATA_PORT|"" [TRACEFS]}.
 */
public final class Main {
    private static final String TRACER = "function_graph";
    /** Keeps a PULL_CHUNK response (base64, 4/3 of this) well inside Frames.MAX_FRAME. */
    private static final int MAX_CHUNK = 32 * 1024;

    private final Tracefs tracefs;
    private final Path dataPort;
    private final Path workDir = Path.of("/tmp/hapmeter");
    private final Map<String, Workload> workloads = new HashMap<>();
    private final Network network = new Network();
    /** Modules loaded for scenarios so far (a module stays loaded for the rest of the boot). */
    private final Set<String> loaded = new HashSet<>();

    private Main(Tracefs tracefs, Path dataPort) {
        this.tracefs = tracefs;
        this.dataPort = dataPort;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: probe CONTROL_TTY DATA_PORT|\"\" [TRACEFS]");
            System.exit(2);
        }
        Main probe = new Main(new Tracefs(Path.of(args.length > 2 ? args[2] : "/sys/kernel/tracing")),
                args[1].isEmpty() ? null : Path.of(args[1]));
        Files.createDirectories(probe.workDir);
        try (InputStream in = new BufferedInputStream(new FileInputStream(args[0]));
                OutputStream out = new FileOutputStream(args[0])) {
            probe.serve(new FrameReader(in), out);
        }
    }

    private void serve(FrameReader reader, OutputStream out) throws IOException {
        Message req;
        while ((req = reader.next()) != null) {
            if (req.kind() != Message.Kind.REQ) {
                continue;
            }
            Message reply;
            Runnable after = null;
            try {
                Command c = Command.byName(req.name());
                if (c == null) {
                    throw new IllegalArgumentException("unknown command " + req.name());
                }
                reply = req.ok(handle(c, req));
                if (c == Command.PULL && !"line".equals(req.get("via"))) {
                    Path file = workDir.resolve("pull.bin");
                    long id = req.id();
                    after = () -> sendBulk(id, file);
                } else if (c == Command.SHUTDOWN) {
                    after = () -> System.exit(0);
                }
            } catch (Unavailable e) {
                reply = req.unavailable(e.getMessage());
            } catch (Exception e) {
                reply = req.error(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.write(Frames.encode(reply));
            out.flush();
            if (after != null) {
                after.run();
            }
        }
    }

    private Map<String, String> handle(Command c, Message req) throws Exception {
        Map<String, String> r = new LinkedHashMap<>();
        switch (c) {
            case HELLO -> {
                int hostVersion = Integer.parseInt(req.require("version"));
                if (hostVersion != Frames.VERSION) {
                    throw new IllegalStateException("protocol version mismatch: host " + hostVersion
                            + ", probe " + Frames.VERSION);
                }
                r.put("version", Integer.toString(Frames.VERSION));
                r.put("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
                r.put("probe_pid", Long.toString(ProcessHandle.current().pid()));
                r.put("tracefs", Boolean.toString(tracefs.available()));
                r.put("tracers", tracefs.available() ? String.join(",", tracefs.availableTracers()) : "");
            }
            case STATUS -> {
                r.put("tracer", tracefs.tracer());
                r.put("workloads", String.join(",", workloads.keySet()));
            }
            case START -> start(req, r);
            case ARM -> arm(req, r);
            case DISARM -> {
                tracefs.tracingOn(false);
                Tracefs.BufferStats s = tracefs.stats();
                r.put("overrun", Long.toString(s.overrun()));
                r.put("commit_overrun", Long.toString(s.commitOverrun()));
                r.put("dropped", Long.toString(s.dropped()));
                r.put("entries", Long.toString(s.entries()));
                r.put("pids", join(tracefs.pids()));
            }
            case PULL -> {
                String what = req.require("what");
                Path source = switch (what) {
                    case "trace" -> Path.of("/sys/kernel/tracing/trace");
                    case "kallsyms" -> Path.of("/proc/kallsyms");
                    default -> throw new IllegalArgumentException("cannot pull '" + what + "'");
                };
                // Snapshot first: tracefs and procfs files have no size, and the digest must
                // describe exactly the bytes that will be sent.
                Path file = workDir.resolve("pull.bin");
                MessageDigest sha = sha256();
                long size = 0;
                byte[] buf = new byte[1 << 16];
                try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(file)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                        sha.update(buf, 0, n);
                        size += n;
                    }
                }
                r.put("size", Long.toString(size));
                r.put("sha256", HexFormat.of().formatHex(sha.digest()));
                if ("line".equals(req.get("via"))) {
                    String encoding = req.require("encoding");
                    encode(file, workDir.resolve("pull.line"), encoding);
                    r.put("encoding", encoding);
                    r.put("encoded_size", Long.toString(Files.size(workDir.resolve("pull.line"))));
                } else if (dataPort == null) {
                    throw new IllegalArgumentException("this machine has no bulk port: pull with via=line");
                }
            }
            case PULL_CHUNK -> {
                long offset = Long.parseLong(req.require("offset"));
                int length = Math.min(Integer.parseInt(req.require("length")), MAX_CHUNK);
                byte[] chunk = new byte[length];
                int n = 0;
                try (SeekableByteChannel ch = Files.newByteChannel(workDir.resolve("pull.line"))) {
                    ch.position(offset);
                    ByteBuffer buf = ByteBuffer.wrap(chunk);
                    while (buf.hasRemaining() && ch.read(buf) > 0) {
                        // until the chunk is full or the file ends
                    }
                    n = buf.position();
                }
                // URL-safe and unpadded: every character is plain in a frame, nothing to escape.
                r.put("data", Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(chunk, n)));
            }
            case STOP -> {
                // After a failed request the window may still be armed: close it first.
                tracefs.tracingOn(false);
                String name = req.require("name");
                Workload w = workloads.remove(name);
                if (w == null) {
                    throw new IllegalArgumentException("no running workload " + name);
                }
                // Whether it had died by itself (a crash, a seccomp kill) before being stopped, with what it said.
                boolean exited = !w.alive();
                r.put("exit", Integer.toString(w.stop()));
                r.put("exited_before", Boolean.toString(exited));
                if (exited) {
                    r.put("log", w.logTail());
                }
                network.detach();
            }
            case SHUTDOWN -> {
                tracefs.tracingOn(false);
                for (Workload w : workloads.values()) {
                    w.stop();
                }
            }
        }
        return r;
    }

    private void start(Message req, Map<String, String> r) throws Exception {
        String name = req.require("name");
        if (workloads.containsKey(name)) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; req.get("arg." + i) != null; i++) {
            argv.add(req.get("arg." + i));
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("START without a command line");
        }
        // Modules and network first: none of it may happen inside the armed window.
        load(list(req.get("modules")));
        loadForCpu(req);
        for (String dev : list(req.get("requires"))) {
            if (!Files.exists(Path.of(dev))) {
                throw new Unavailable(dev + " does not exist in the test VM");
            }
        }
        network.attach(req.require("network"), "eth0", "br0", "tap0");
        List<String> stateCommand = new ArrayList<>();
        for (int i = 0; req.get("state." + i) != null; i++) {
            stateCommand.add(req.get("state." + i));
        }
        Workload w;
        TreeSet<Long> pids;
        try {
            w = Workload.launch(name, argv, workDir);
            workloads.put(name, w);
            w.awaitReady(req.require("ready_kind"), Integer.parseInt(req.require("port")), req.get("ready_marker"),
                    Long.parseLong(req.require("timeout_ms")));
            pids = stateCommand.isEmpty() ? w.pids() : w.pids(stateCommand);
        } catch (Exception e) {
            Workload failed = workloads.remove(name);
            if (failed != null) {
                failed.stop();
            }
            network.detach();
            throw e;
        }
        // Select the tracer now, with tracing off and the filter on the workload: the switch costs
        // seconds under TCG and must stay out of the armed window and out of arm's timing.
        long t0 = System.nanoTime();
        tracefs.tracingOn(false);
        tracefs.setPids(pids);
        tracefs.setTracer(TRACER);
        r.put("pid", Long.toString(w.pid()));
        r.put("pids", join(pids));
        r.put("probe_pid", Long.toString(ProcessHandle.current().pid()));
        r.put("tracer_setup_ms", Long.toString((System.nanoTime() - t0) / 1_000_000));
    }

    private void load(List<String> modules) throws IOException {
        for (String m : modules) {
            if (!loaded.contains(m)) {
                Network.loadModule(m);
                loaded.add(m);
            }
        }
    }

    /**
     * Fields "cpu_modules.FLAG" list modules for CPUs with that /proc/cpuinfo flag (svm: kvm_amd,
     * vmx: kvm_intel); the first flag the CPU has wins. No such flag, or a module the kernel
     * refuses, means the scenario cannot run here.
     */
    private void loadForCpu(Message req) throws IOException, Unavailable {
        Map<String, String> byFlag = new LinkedHashMap<>();
        req.fields().forEach((k, v) -> {
            if (k.startsWith("cpu_modules.")) {
                byFlag.put(k.substring("cpu_modules.".length()), v);
            }
        });
        if (byFlag.isEmpty()) {
            return;
        }
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("flags")) {
                flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                break;
            }
        }
        for (Map.Entry<String, String> e : byFlag.entrySet()) {
            if (flags.contains(e.getKey())) {
                try {
                    load(list(e.getValue()));
                    return;
                } catch (IOException refused) {
                    throw new Unavailable("CPU flag " + e.getKey() + " present, but " + refused.getMessage());
                }
            }
        }
        throw new Unavailable("the test VM's CPU has none of the flags " + byFlag.keySet());
    }

    private void arm(Message req, Map<String, String> r) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String p : req.require("pids").split(",")) {
            pids.add(Long.parseLong(p.trim()));
        }
        long self = ProcessHandle.current().pid();
        if (pids.contains(self)) {
            throw new IllegalArgumentException("refusing to trace the probe itself (pid " + self + ")");
        }
        tracefs.tracingOn(false);
        tracefs.setTracer(TRACER);
        tracefs.option("funcgraph-irqs", false);
        tracefs.option("funcgraph-proc", true);
        tracefs.option("funcgraph-tail", true);
        tracefs.option("function-fork", true);
        tracefs.bufferSizeKb(Integer.parseInt(req.require("buffer_kb")));
        tracefs.setPids(pids);
        tracefs.clear();
        tracefs.tracingOn(true);
        r.put("pids", join(pids));
        r.put("probe_pid", Long.toString(self));
    }

    /** The snapshot as it goes over the control line: gzip (java.util.zip), or as it is. */
    private static void encode(Path snapshot, Path dest, String encoding) throws IOException {
        try (OutputStream out = switch (encoding) {
            case "gzip" -> new GZIPOutputStream(Files.newOutputStream(dest), 1 << 16);
            case "identity" -> Files.newOutputStream(dest);
            default -> throw new IllegalArgumentException("unknown encoding '" + encoding + "' (gzip, identity)");
        }) {
            Files.copy(snapshot, out);
        }
    }

    private void sendBulk(long id, Path file) {
        try (OutputStream out = Files.newOutputStream(dataPort); InputStream in = Files.newInputStream(file)) {
            out.write(Bulk.header(id, Files.size(file)));
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            // The host notices a short or missing transfer by its size and digest and retries.
            System.err.println("probe: bulk transfer " + id + " failed: " + e.getMessage());
        }
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? List.of() : List.of(commaSeparated.split(","));
    }

    private static String join(List<Long> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String join(TreeSet<Long> pids) {
        return join(new ArrayList<>(pids));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
