package hapmeter.campaign;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.analysis.ClassRules;
import hapmeter.console.ProbeConnection;
import hapmeter.image.Image;
import hapmeter.image.ImageBuilder;
import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import hapmeter.scenario.HttpClient;
import hapmeter.scenario.Scenario;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import hapmeter.vm.Accel;
import hapmeter.vm.MachineSpec;
import hapmeter.vm.QemuBinary;
import hapmeter.vm.TestVm;
import hapmeter.vm.VmFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * One campaign: build the image, boot the test VM once, measure each scenario in it, write each
 * scenario's results atomically. A failed scenario is recorded in campaign.json and does not
 * stop the others.
 */
public final class Campaign {
    private final RunOptions opt;
    private final Consumer<String> progress;
    private final long t0 = System.nanoTime();

    public Campaign(RunOptions opt, Consumer<String> progress) {
        this.opt = opt;
        this.progress = progress;
    }

    public record CellOutcome(String scenario, String state, String error, Summary summary) {
    }

    public record Result(Path runDir, List<CellOutcome> cells) {
    }

    public Result run() {
        Path configs = opt.configs();
        // Every cheap check first: bad input must fail before minutes of building and booting.
        List<Scenario> scenarios = Scenario.select(configs.resolve("scenarios"), opt.scenarios());
        MachineSpec machine = MachineSpec.load(opt.machine());
        if (opt.bootTimeoutS() > 0) {
            machine = machine.withBootTimeout(opt.bootTimeoutS());
        }
        for (Scenario s : scenarios) {
            if (!machine.forwards().containsKey(s.network().endpoint())) {
                throw new HapmeterException("scenario " + s.name() + ": endpoint '" + s.network().endpoint()
                        + "' is not a forward of machine " + machine.name() + " (has " + machine.forwards().keySet() + ")");
            }
        }
        QemuBinary.resolve(opt.qemu());
        Map<String, Integer> hostPorts = hostPorts(machine, opt.hostPort());
        HttpClient client = HttpClient.byName(opt.client());
        ClassRules rules = ClassRules.load(configs.resolve("rules/paper.json"));
        TraceAnalyzer analyzer = new TraceAnalyzer(InterruptRules.load(configs.resolve("rules/interrupts.json")));

        progress.accept("image: building for kernel " + opt.kernel());
        // Modules of every known scenario, so the image does not depend on which ones run.
        Image image = new ImageBuilder(Home.root(), Home.cache(), s -> progress.accept("image: " + s))
                .build(opt.kernel(), machine.bootModules(), Scenario.allModules(configs.resolve("scenarios")),
                        Scenario.allFiles(configs.resolve("scenarios")));
        progress.accept(String.format("image: %s %s, %.1f MB (%s)", image.cached() ? "cached" : "built",
                image.digest().substring(0, 12), image.sizeBytes() / 1e6, image.kernelVersion()));

        RunLayout layout = new RunLayout(opt.resultsRoot().resolve(opt.runId()));
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("run_id", opt.runId());
        campaign.put("started_at", Instant.now().toString());
        campaign.put("scenarios", opt.scenarios());
        campaign.put("kernel_package", opt.kernel());
        campaign.put("image_digest", image.digest());
        campaign.put("machine", machine.name());
        campaign.put("client", client.name());
        campaign.put("qemu", qemuVersion(opt.qemu()));
        Map<String, Object> cellStates = new LinkedHashMap<>();
        campaign.put("cells", cellStates);
        for (Scenario s : scenarios) {
            cellStates.put(s.name(), Map.of("state", "pending"));
        }
        Path campaignJson = layout.dir().resolve("campaign.json");
        RunLayout.writeJson(campaignJson, campaign);

        List<CellOutcome> outcomes = new ArrayList<>();
        Path vmDir = layout.dir().resolve(".vm");
        try (Booted booted = boot(machine, image, vmDir, hostPorts)) {
            campaign.put("accel", booted.vm.accel().qemuName());
            campaign.put("accel_note", booted.accelNote);
            campaign.put("kernel", booted.kernel);
            campaign.put("boot_s", booted.bootS);
            // Text symbols with addresses, for code sizes in the report: pulled before any window.
            campaign.put("kallsyms", pullKallsyms(booted.probe, layout));
            RunLayout.writeJson(campaignJson, campaign);
            for (Scenario s : scenarios) {
                CellOutcome o;
                try {
                    Summary sum = measure(s, booted, client, hostPorts.get(s.network().endpoint()), analyzer, rules,
                            layout, image);
                    o = new CellOutcome(s.name(), "done", null, sum);
                } catch (ScenarioSkipped e) {
                    o = new CellOutcome(s.name(), "skipped", e.getMessage(), null);
                    progress.accept(s.name() + ": skipped: " + e.getMessage());
                } catch (HapmeterException e) {
                    o = new CellOutcome(s.name(), "failed", e.getMessage(), null);
                    progress.accept(s.name() + ": FAILED: " + e.getMessage());
                    if (!booted.vm.isAlive()) {
                        outcomes.add(o);
                        cellStates.put(s.name(), Map.of("state", o.state(), "error", o.error()));
                        throw booted.vm.failure("the test VM died during " + s.name(), e);
                    }
                }
                outcomes.add(o);
                cellStates.put(s.name(), o.error() == null ? Map.of("state", o.state())
                        : Map.of("state", o.state(), o.state().equals("skipped") ? "reason" : "error", o.error()));
                RunLayout.writeJson(campaignJson, campaign);
            }
            try {
                booted.probe.client().call(Command.SHUTDOWN, Map.of());
            } catch (HapmeterException e) {
                progress.accept("shutdown: " + e.getMessage() + " (QEMU is killed instead)");
            }
        } finally {
            campaign.put("wall_s", seconds(System.nanoTime() - t0));
            campaign.put("finished_at", Instant.now().toString());
            RunLayout.writeJson(campaignJson, campaign);
        }
        return new Result(layout.dir(), outcomes);
    }

    /** The test VM with its probe answering. */
    private record Booted(TestVm vm, ProbeConnection probe, String accelNote, String kernel, double bootS)
            implements AutoCloseable {
        @Override
        public void close() {
            probe.close();
            vm.close();
        }
    }

    private Booted boot(MachineSpec machine, Image image, Path vmDir, Map<String, Integer> hostPorts) {
        String note;
        if (opt.accel() == Accel.TCG) {
            note = "tcg requested";
        } else if (!Files.isReadable(Path.of("/dev/kvm")) || !Files.isWritable(Path.of("/dev/kvm"))) {
            if (opt.accel() == Accel.KVM) {
                throw new HapmeterException("--accel kvm: /dev/kvm is missing or not accessible");
            }
            note = "auto: no usable /dev/kvm, using tcg";
        } else {
            // /dev/kvm existing proves nothing (a paravirtual KVM may crawl and fail): really boot.
            Duration limit = opt.accel() == Accel.KVM ? Duration.ofSeconds(machine.bootTimeoutS())
                    : Duration.ofSeconds(machine.kvmProbeTimeoutS());
            progress.accept("boot: trying kvm (limit " + limit.toSeconds() + " s)");
            try {
                return bootWith(Accel.KVM, machine, image, vmDir, hostPorts, limit, "kvm: the test VM booted");
            } catch (VmFailure e) {
                if (opt.accel() == Accel.KVM) {
                    throw e;
                }
                note = "auto: kvm did not boot the test VM (" + e.getMessage() + "), using tcg";
            }
        }
        progress.accept("boot: tcg");
        return bootWith(Accel.TCG, machine, image, vmDir, hostPorts, Duration.ofSeconds(machine.bootTimeoutS()), note);
    }

    private Booted bootWith(Accel accel, MachineSpec machine, Image image, Path vmDir, Map<String, Integer> hostPorts,
            Duration limit, String note) {
        long start = System.nanoTime();
        TestVm vm = TestVm.launch(machine, image.kernel(), image.initramfs(), accel, vmDir, hostPorts, opt.qemu());
        ProbeConnection probe = null;
        try {
            probe = ProbeConnection.open(vm);
            vm.await(probe.ready(), limit);
            Message hello = probe.hello();
            double bootS = seconds(System.nanoTime() - start);
            if (!"true".equals(hello.get("tracefs"))) {
                throw vm.failure("the test VM has no tracefs at /sys/kernel/tracing", null);
            }
            if (!Arrays.asList(hello.require("tracers").split(",")).contains("function_graph")) {
                throw vm.failure("kernel " + hello.get("kernel") + " offers no function_graph tracer (has: "
                        + hello.get("tracers") + ")", null);
            }
            progress.accept(String.format("boot: probe ready after %.1f s (%s, kernel %s)", bootS, accel.qemuName(),
                    hello.get("kernel")));
            return new Booted(vm, probe, note, hello.get("kernel"), bootS);
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            VmFailure f = e instanceof VmFailure vf ? vf : vm.failure("cannot reach the probe: " + e.getMessage(), e);
            vm.kill();
            throw f;
        }
    }

    /** Measures S, analyses its trace, and publishes the cell; nothing is published on failure. */
    private Summary measure(Scenario s, Booted b, HttpClient client, int hostPort, TraceAnalyzer analyzer,
            ClassRules rules, RunLayout layout, Image image) {
        String started = Instant.now().toString();
        Path tmp = layout.begin(s.name());
        boolean published = false;
        try {
            Measurement m = new ScenarioRun(s, b.probe, client, hostPort, opt.bufferKb(), progress).measure(image, tmp);
            long t = System.nanoTime();
            TraceResult tr = analyzer.analyze(m.trace(), m.tracedPids());
            for (String must : s.traceMustContain()) {
                if (tr.functions().stream().noneMatch(f -> f.contains(must))) {
                    throw new HapmeterException(s.name() + ": no traced function contains '" + must
                            + "': the request did not take the scenario's path (see trace_must_contain)");
                }
            }
            Map<String, Integer> byClass = rules.countByClass(tr.functions());
            double analysisS = seconds(System.nanoTime() - t);
            gzip(m.trace(), tmp.resolve("trace.txt.gz"));
            Files.delete(m.trace());
            Files.write(tmp.resolve("functions.txt"), tr.functions());
            Files.copy(b.vm.consoleLog(), tmp.resolve("console.log"));
            Summary sum = new Summary(s.name(), b.kernel, b.vm.accel().qemuName(), b.accelNote, client.name(),
                    m.bytesReceived(), s.expectedBytes(), tr.functions().size(), tr.functionsRaw().size(), byClass,
                    rules.name(), m.overrun(), m.commitOverrun(), m.dropped(), m.entries(), m.traceBytes(),
                    m.traceSha256(), tr.format(), m.tracedPids().stream().map(Long::valueOf).toList(),
                    new ArrayList<>(new TreeSet<>(tr.pidsSeen())), m.probePid(), s.readiness().warmupRequests(),
                    new Summary.Timings(b.bootS, m.startS(), m.tracerSetupS(), m.armS(), m.requestS(), m.disarmS(),
                            m.pullS(), analysisS),
                    seconds(System.nanoTime() - t0), image.digest(), started);
            RunLayout.writeJson(tmp.resolve("summary.json"), sum);
            layout.commit(tmp, s.name());
            published = true;
            progress.accept(String.format("%s: %d functions (%s)", s.name(), sum.functionsTotal(), byClass));
            return sum;
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        } finally {
            if (!published) {
                layout.discard(tmp);
            }
        }
    }

    private String pullKallsyms(ProbeConnection probe, RunLayout layout) {
        Path tmp = layout.dir().resolve(".kallsyms.tmp");
        Path dest = layout.dir().resolve("kallsyms.txt.gz");
        try {
            probe.pull("kallsyms", tmp);
            gzip(tmp, dest);
            Files.delete(tmp);
            return dest.getFileName().toString();
        } catch (IOException | HapmeterException e) {
            progress.accept("kallsyms: not pulled (" + e.getMessage() + "); code sizes will be missing");
            return null;
        }
    }

    private static void gzip(Path src, Path dest) throws IOException {
        try (InputStream in = Files.newInputStream(src); OutputStream out = new GZIPOutputStream(Files.newOutputStream(dest), 1 << 16)) {
            in.transferTo(out);
        }
    }

    /** A host port per forward of the machine: PORT (if not 0) for "vm", free ports for the others. */
    private static Map<String, Integer> hostPorts(MachineSpec machine, int port) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : machine.forwards().keySet()) {
            ports.put(name, hostPort(name.equals("vm") ? port : 0));
        }
        if (new TreeSet<>(ports.values()).size() != ports.size()) {
            throw new HapmeterException("host ports collide: " + ports);
        }
        return ports;
    }

    /** PORT if free (else a clear error), or any free port for 0. */
    private static int hostPort(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new HapmeterException("host port " + port + " is busy (" + e.getMessage()
                    + "); choose another with --port, or 0 for any free port");
        }
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    /** QEMU's version line, for campaign.json. */
    private static String qemuVersion(String qemu) {
        return Exec.run(null, List.of(QemuBinary.resolve(qemu), "--version")).output().lines().findFirst().orElse("");
    }
}
