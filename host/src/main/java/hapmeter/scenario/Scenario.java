package hapmeter.scenario;

import hapmeter.ConfigFiles;
import hapmeter.HapmeterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A scenario from vm-configs/scenarios/NAME.json: what runs in the test VM, how it is reached,
 * when it is ready, which processes are traced, which workload (vm-configs/workloads) asks it,
 * and what a good answer is.
 */
public record Scenario(String name, String description, String workload, List<String> command, List<String> files,
        List<String> bundles, List<String> modules, Map<String, List<String>> cpuModules, List<String> requires, RequiresAccel requiresAccel,
        Network network, int port,
        Readiness readiness, String traced, List<String> stateCommand, int expectedBytes,
        List<String> traceMustContain, Integer bufferKb) {

    /** The ring buffer a window gets unless the scenario says otherwise: enough for our servers' busiest window. */
    public static final int DEFAULT_BUFFER_KB = 8192;

    /**
     * The optional lists and maps may be left out of a file: they are empty then; the workload is
     * http; the ring buffer (buffer_kb, per CPU) is DEFAULT_BUFFER_KB.
     */
    public Scenario {
        bufferKb = bufferKb == null ? DEFAULT_BUFFER_KB : bufferKb;
        workload = workload == null ? "http" : workload;
        files = files == null ? List.of() : files;
        bundles = bundles == null ? List.of() : bundles;
        modules = modules == null ? List.of() : modules;
        cpuModules = cpuModules == null ? Map.of() : cpuModules;
        requires = requires == null ? List.of() : requires;
        stateCommand = stateCommand == null ? List.of() : stateCommand;
        traceMustContain = traceMustContain == null ? List.of() : traceMustContain;
    }

    /**
     * The scenario runs only when the test VM itself runs under ACCEL (kvm: hardware
     * virtualization, which a bare-metal machine, accel "none", has too); elsewhere it is skipped
     * with REASON (what was seen where it was tried).
     */
    public record RequiresAccel(String accel, String reason) {
        public boolean satisfiedBy(String machineAccel) {
            return accel.equals(machineAccel) || accel.equals("kvm") && machineAccel.equals("none");
        }
    }

    /** Network attachments the probe knows how to set up (see the probe's Network). */
    public static final Set<String> ATTACHMENTS = new TreeSet<>(List.of("none", "tap", "docker-bridge"));
    /**
     * How traced processes are chosen. process-tree: the workload, its descendants and all their threads.
     * runtime-state: that, plus the process tree of the pid that state_command (a container runtime's
     * {@code state ID}, JSON with "pid") reports: a sandbox the runtime's own processes do not parent.
     */
    public static final Set<String> TRACED = new TreeSet<>(List.of("process-tree", "runtime-state"));
    /** kernel-listen: a kernel socket listens on the port; output: the workload printed the marker. */
    public static final Set<String> READINESS = new TreeSet<>(List.of("kernel-listen", "output"));

    /**
     * @param attachment how the workload is connected ("none": the VM's own address; "tap": bridge + tap)
     * @param endpoint which of the machine's forwards the wget uses
     */
    public record Network(String attachment, String endpoint) {
    }

    /**
     * @param timeoutS how long the workload may take to become ready
     * @param warmupRequests requests sent before arming, so that the measured one finds a warm server
     * @param settleMs pause after the measured response, so the server is idle again before disarm
     */
    public record Readiness(String kind, String marker, int timeoutS, int warmupRequests, int settleMs) {
    }

    public static Scenario load(Path file) {
        Scenario s = ConfigFiles.readLike(file, Scenario.class);
        ConfigFiles.checkName(file, s.name());
        ConfigFiles.check(file, "command", s.command() != null && !s.command().isEmpty(), "must be a non-empty list");
        ConfigFiles.check(file, "files", s.files().stream().allMatch(f -> f.startsWith("/")), "must be absolute paths");
        ConfigFiles.check(file, "network", s.network() != null && s.network().attachment() != null
                && ATTACHMENTS.contains(s.network().attachment())
                && s.network().endpoint() != null, "needs attachment (one of " + ATTACHMENTS + ") and endpoint");
        ConfigFiles.check(file, "port", s.port() > 0 && s.port() < 65536, "must be a TCP port");
        Readiness r = s.readiness();
        ConfigFiles.check(file, "readiness", r != null && r.kind() != null && READINESS.contains(r.kind()) && r.timeoutS() > 0
                && r.warmupRequests() >= 0 && r.settleMs() >= 0 && (!r.kind().equals("output") || r.marker() != null),
                "needs kind (one of " + READINESS + "; output needs marker), timeout_s > 0, warmup_requests >= 0, "
                        + "settle_ms >= 0");
        ConfigFiles.check(file, "requires_accel", s.requiresAccel() == null || s.requiresAccel().accel() != null
                && s.requiresAccel().accel().matches("kvm|tcg") && s.requiresAccel().reason() != null,
                "needs accel (kvm or tcg) and reason");
        ConfigFiles.check(file, "traced", s.traced() != null && TRACED.contains(s.traced()), "must be one of " + TRACED);
        ConfigFiles.check(file, "state_command", s.traced().equals("runtime-state") != s.stateCommand().isEmpty(),
                "is required with traced 'runtime-state' and only there");
        ConfigFiles.check(file, "expected_bytes", s.expectedBytes() > 0, "must be > 0");
        ConfigFiles.check(file, "buffer_kb", s.bufferKb() >= 4, "must be at least 4 (KB per CPU: one page)");
        return s;
    }

    /** All scenarios in DIR, by name. */
    public static TreeMap<String, Scenario> loadAll(Path dir) {
        return ConfigFiles.loadAll(dir, "scenarios", Scenario::load);
    }

    /**
     * Every scenario in DIR that loads: the image carries what they all need, whichever scenarios run. A broken
     * file is the concern of a run that selects it (select says why), not of every run.
     */
    private static List<Scenario> loadable(Path dir) {
        List<Scenario> out = new ArrayList<>();
        for (Path f : ConfigFiles.files(dir, "scenarios").values()) {
            try {
                out.add(load(f));
            } catch (HapmeterException broken) {
                // reported when selected
            }
        }
        return out;
    }

    /** The kernel modules any scenario in DIR needs. */
    public static TreeSet<String> allModules(Path dir) {
        TreeSet<String> modules = new TreeSet<>();
        for (Scenario s : loadable(dir)) {
            modules.addAll(s.modules());
            s.cpuModules().values().forEach(modules::addAll);
        }
        return modules;
    }

    /** The host files any scenario in DIR brings into the image (a user's unikernel, say). */
    public static TreeSet<String> allFiles(Path dir) {
        TreeSet<String> files = new TreeSet<>();
        loadable(dir).forEach(s -> files.addAll(s.files()));
        return files;
    }

    /** The image.json bundles any scenario in DIR runs. */
    public static TreeSet<String> allBundles(Path dir) {
        return bundlesOf(loadable(dir));
    }

    /** The image.json bundles SCENARIOS run: only these go into a run's image (a runtime's is some 100 MB). */
    public static TreeSet<String> bundlesOf(List<Scenario> scenarios) {
        TreeSet<String> bundles = new TreeSet<>();
        scenarios.forEach(s -> bundles.addAll(s.bundles()));
        return bundles;
    }

    /**
     * The named scenarios, in the order given, each file read and checked; an unknown name lists the known ones, and
     * a name given twice is refused (its second cell would find the first's results; --repeat measures again).
     */
    public static List<Scenario> select(Path dir, List<String> names) {
        TreeMap<String, Path> all = ConfigFiles.files(dir, "scenarios");
        List<Scenario> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Path f = all.get(n);
            if (f == null) {
                throw new HapmeterException("unknown scenario '" + n + "'; known: " + String.join(", ", all.keySet()));
            }
            if (names.subList(0, i).contains(n)) {
                throw new HapmeterException("scenario '" + n + "' is named twice; use --repeat to measure it again");
            }
            out.add(load(f));
        }
        return out;
    }
}
