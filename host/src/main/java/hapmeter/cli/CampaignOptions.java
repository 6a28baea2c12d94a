package hapmeter.cli;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.campaign.RunOptions;
import hapmeter.image.KernelSelector;
import hapmeter.image.OfferedKernels;
import hapmeter.lab.LabOptions;
import hapmeter.scenario.ScenarioSet;
import hapmeter.vm.Accel;
import hapmeter.vm.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options of a campaign, shared by `run` and `plan`. */
final class CampaignOptions {
    @Option(names = "--scenarios", split = ",", defaultValue = "socket,tap,qemu,kvm",
            description = "Scenarios from vm-configs/scenarios, or @SET for a set of them from vm-configs/sets "
                    + "(@nabla: nabla-measurements' matrix) (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = {"--kernels", "--kernel"}, split = ",", defaultValue = "6.1.0-56-amd64",
            description = "Kernels to measure, each a Debian release (linux-image-<release>), debian:GLOB (the releases "
                    + "apt offers that match, amd64 flavour unless GLOB ends in amd64: debian:6.12.*), latest (the "
                    + "newest amd64 release apt offers), a linux-image .deb, or a directory with a bzImage and "
                    + "lib/modules/<release>/ (default: ${DEFAULT-VALUE}). See `hapmeter kernels`.")
    List<String> kernels;

    @Option(names = "--repeat", description = "Cells per kernel and scenario (default: 1, or the @SET's).")
    Integer repeat;

    @Option(names = "--fresh-boot", description = "A new test VM for every repeat (default: re-arm in the same boot).")
    boolean freshBoot;

    @Option(names = "--warmup", description = "Warm-up requests before arming (default: each scenario's, 2).")
    Integer warmup;

    @Option(names = "--cold", description = "Measure the first request after the server is ready (--warmup 0).")
    boolean cold;

    @Option(names = "--until-steady", defaultValue = "0", paramLabel = "K",
            description = "Request rounds until K rounds in a row add no new function.")
    int untilSteady;

    @Option(names = "--max-rounds", defaultValue = "20", description = "At most this many rounds with --until-steady.")
    int maxRounds;

    @Option(names = "--accel", defaultValue = "auto", description = "auto, kvm or tcg (default: ${DEFAULT-VALUE}).")
    String accel;

    @Option(names = "--configs", description = "Configuration directory with machines/, scenarios/, rules/ (default: vm-configs).")
    Path configs;

    @Option(names = "--machine", description = "Machine definition (default: <configs>/machines/default.json).")
    Path machine;

    @Option(names = "--results", defaultValue = "results", description = "Results root (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--run-id", description = "Name of the run directory (default: a timestamp).")
    String runId;

    @Option(names = "--port", defaultValue = "0", description = "Host port forwarded to the guest's HTTP port; 0 = any free.")
    int port;

    @Option(names = "--buffer-kb", description = "ftrace buffer_size_kb (per CPU) for every scenario (default: each "
            + "scenario's buffer_kb, else 8192). A window that loses events fails its cell: raise this then.")
    Integer bufferKb;

    @Option(names = "--client", defaultValue = "auto",
            description = "The http workload's client: auto, gnu-wget or java (other workloads have their own).")
    String client;

    @Option(names = "--qemu", defaultValue = Launcher.DEFAULT_QEMU, description = "QEMU binary.")
    String qemu;

    @Option(names = "--boot-timeout", defaultValue = "0", description = "Seconds for the probe to answer (0: the machine's).")
    int bootTimeout;

    @Option(names = "--host", paramLabel = "ssh://USER@HOST[:PORT]",
            description = "Run the test VM on this lab host over SSH (QEMU there, with KVM when it works there).")
    String host;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Private key for --host (default: ~/.ssh/id_ed25519, id_rsa, id_ecdsa; and the ssh-agent).")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "Host keys for --host (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new-host-key", description = "Record the lab host's key if it is not known yet (never a changed one).")
    boolean acceptNewHostKey;

    @Option(names = "--serial", paramLabel = "DEVICE",
            description = "Measure a bare-metal machine whose probe answers on this serial line (booted from `image build --boot`).")
    String serial;

    @Option(names = "--baud", defaultValue = "115200", description = "Speed of --serial (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--endpoint", paramLabel = "NAME=HOST:PORT",
            description = "With --serial: where the client reaches the machine's forward NAME (default: its guest address).")
    Map<String, String> endpoints;

    @Option(names = "--no-source", description = "Do not find or build the kernels' source indexes before measuring "
            + "(built once per kernel, about a minute; the report then lacks lines, complexity, HAP and subsystems "
            + "unless an index is already in the cache).")
    boolean noSource;

    Path configDir() {
        return configs != null ? configs : Home.vmConfigs();
    }

    /** The options, with the kernel selectors resolved (said on PROGRESS) before anything is measured. */
    RunOptions toRunOptions(Consumer<String> progress) {
        Accel a;
        try {
            a = Accel.valueOf(accel.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new HapmeterException("unknown accelerator '" + accel + "' (auto, kvm, tcg)");
        }
        if (cold && warmup != null && warmup != 0) {
            throw new HapmeterException("--cold and --warmup " + warmup + " contradict each other");
        }
        Path configDir = configDir();
        if (!Files.isDirectory(configDir.resolve("scenarios"))) {
            throw new HapmeterException("no scenarios/ in configuration directory " + configDir);
        }
        Path machineFile = machine != null ? machine : configDir.resolve("machines/default.json");
        String id = runId != null ? runId : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ScenarioSet.Expanded named = ScenarioSet.expand(configDir, scenarios);
        int cells = repeat != null ? repeat : named.repeat() != null ? named.repeat() : 1;
        List<String> resolved = new KernelSelector(OfferedKernels::query).resolve(kernels);
        progress.accept("kernels: " + resolved.size() + " to measure: " + String.join(", ", resolved));
        return new RunOptions(configDir.toAbsolutePath(), named.scenarios(), resolved, a, machineFile.toAbsolutePath(),
                results.toAbsolutePath(), id, port, bufferKb, client, qemu, bootTimeout, cells, freshBoot,
                cold ? Integer.valueOf(0) : warmup, untilSteady, maxRounds, null,
                new LabOptions(host, abs(identity), abs(knownHosts), acceptNewHostKey, serial, baud, endpoints), null,
                noSource);
    }

    private static Path abs(Path p) {
        return p == null ? null : p.toAbsolutePath();
    }
}
