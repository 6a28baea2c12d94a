package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.analysis.ClassRules;
import hapmeter.console.ProbeConnection;
import hapmeter.image.Image;
import hapmeter.image.ImageBuilder;
import hapmeter.lab.LabOptions;
import hapmeter.lab.SerialMachine;
import hapmeter.protocol.message.Hello;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.Shutdown;
import hapmeter.scenario.Client;
import hapmeter.scenario.HttpClient;
import hapmeter.scenario.Load;
import hapmeter.scenario.Scenario;
import hapmeter.scenario.Workload;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import hapmeter.vm.Accel;
import hapmeter.vm.Launcher;
import hapmeter.vm.MachineSpec;
import hapmeter.vm.TestMachine;
import hapmeter.vm.TestVm;
import hapmeter.vm.VmFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * One campaign: the cells kernel x scenario x repeat. Builds an image per kernel, boots the test
 * VM once per kernel (or per repeat with fresh_boot), measures each cell in it and publishes each
 * cell atomically. A failed cell is recorded in campaign.json and does not stop the others; if
 * the VM dies, the remaining cells get a new VM. --resume runs only the cells not yet done. The
 * test VM runs here or on a lab host (a {@link Launcher}); a bare-metal machine on a serial line
 * is attached instead of booted.
 */
public final class Campaign {
    private final RunOptions opt;
    private final Consumer<String> progress;
    private final long t0 = System.nanoTime();

    public Campaign(RunOptions opt, Consumer<String> progress) {
        this.opt = opt;
        this.progress = progress;
    }

    public record CellOutcome(Cell cell, String state, String error, Summary summary) {
        public String scenario() {
            return cell.scenario();
        }
    }

    public record Result(Path runDir, List<CellOutcome> cells) {
    }

    /** Continues the campaign in RUN_DIR with its recorded options; finished cells are kept as they are. */
    public static Result resume(Path runDir, Consumer<String> progress) {
        CampaignState state = CampaignState.load(runDir.resolve("campaign.json"));
        RunOptions recorded = Json.MAPPER.convertValue(state.get("options"), RunOptions.class);
        RunOptions opt = recorded.at(runDir);
        return new Campaign(opt, progress).execute(state);
    }

    /** A planned cell: what `plan` writes, one per line, and `run-cell` runs. */
    public record CellSpec(String kernel, String scenario, int rep, RunOptions options) {
    }

    /** The cells of this campaign, for a batch engine to run one by one (kernels as given, not yet resolved). */
    public List<CellSpec> plan() {
        List<Scenario> scenarios = Scenario.select(opt.configs().resolve("scenarios"), opt.scenarios());
        List<CellSpec> cells = new ArrayList<>();
        for (String kernel : opt.kernels()) {
            for (int rep = 1; rep <= opt.repeat(); rep++) {
                for (Scenario s : scenarios) {
                    cells.add(new CellSpec(kernel, s.name(), rep, opt));
                }
            }
        }
        return cells;
    }

    /** Runs exactly the cell SPEC into OUT (a run directory of its own); a finished cell is not run again. */
    public static Result runCell(CellSpec spec, Path out, Consumer<String> progress) {
        Path dir = out.toAbsolutePath();
        RunOptions o = spec.options().cell(spec.kernel(), spec.scenario(), spec.rep(), dir.getParent(),
                dir.getFileName().toString());
        return Files.exists(dir.resolve("campaign.json")) ? resume(dir, progress) : new Campaign(o, progress).run();
    }

    public Result run() {
        Path runDir = opt.resultsRoot().resolve(opt.runId());
        if (Files.exists(runDir.resolve("campaign.json"))) {
            throw new HapmeterException("run directory " + runDir + " already holds a campaign; use --resume " + runDir
                    + " to continue it, or another --run-id");
        }
        return execute(null);
    }

    /** The shared part of run and resume; STATE is null for a new campaign. */
    private Result execute(CampaignState resumed) {
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
        if (opt.repeat() < 1 || opt.untilSteady() < 0 || opt.maxRounds() < 1 || opt.kernels().isEmpty()
                || opt.warmup() != null && opt.warmup() < 0
                || opt.onlyRep() != null && (opt.onlyRep() < 1 || opt.onlyRep() > opt.repeat())) {
            throw new HapmeterException("--repeat and --max-rounds must be >= 1, --until-steady and --warmup >= 0, "
                    + "a cell's rep within 1..repeat, and at least one kernel is needed");
        }
        LabOptions lab = opt.lab();
        if (lab.bareMetal() && opt.freshBoot()) {
            throw new HapmeterException("--fresh-boot needs a test VM: hapmeter does not reboot a bare-metal machine");
        }
        Map<String, Workload> workloads = Workload.loadAll(configs.resolve("workloads"));
        HttpClient http = HttpClient.byName(opt.client());
        Map<String, Client> clients = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            Workload w = workloads.get(s.workload());
            if (w == null) {
                throw new HapmeterException("scenario " + s.name() + ": workload '" + s.workload() + "' is not in "
                        + configs.resolve("workloads") + " (has " + workloads.keySet() + ")");
            }
            clients.put(s.name(), w.client(http));
        }
        ClassRules rules = ClassRules.load(configs.resolve("rules/paper.json"));
        TraceAnalyzer analyzer = new TraceAnalyzer(InterruptRules.load(configs.resolve("rules/interrupts.json")));

        // Modules and files of every known scenario, so the image does not depend on which ones run.
        List<Image> images = new ArrayList<>();
        for (String kernel : opt.kernels()) {
            progress.accept("image: building for kernel " + kernel);
            Image image = new ImageBuilder(Home.root(), Home.cache(), s -> progress.accept("image: " + s))
                    .build(kernel, machine.bootModules(), Scenario.allModules(configs.resolve("scenarios")),
                            Scenario.allFiles(configs.resolve("scenarios")));
            progress.accept(String.format("image: %s %s, %.1f MB (%s)", image.cached() ? "cached" : "built",
                    image.digest().substring(0, 12), image.sizeBytes() / 1e6, image.kernelVersion()));
            images.add(image);
        }

        try (Launcher launcher = lab.bareMetal() ? null : lab.launcher(progress)) {
            return execute(resumed, launcher, machine, scenarios, images, http, clients, rules, analyzer);
        }
    }

    private Result execute(CampaignState resumed, Launcher launcher, MachineSpec machine, List<Scenario> scenarios,
            List<Image> images, HttpClient http, Map<String, Client> clients, ClassRules rules, TraceAnalyzer analyzer) {
        Testbed bed = launcher == null ? null : new Testbed(launcher, launcher.qemu(opt.qemu()));
        Map<String, Integer> hostPorts = bed == null ? Map.of() : hostPorts(launcher, machine, opt.hostPort());
        Map<String, InetSocketAddress> endpoints = new LinkedHashMap<>();
        if (bed == null) {
            endpoints.putAll(opt.lab().endpoints(machine.forwards()));
        } else {
            hostPorts.forEach((name, port) -> endpoints.put(name, launcher.reach(port)));
            for (Image image : images) {
                long t = System.nanoTime();
                bed.staged.put(image.kernelVersion(),
                        launcher.stage(image.digest(), List.of(image.kernel(), image.initramfs())));
                bed.stageS += seconds(System.nanoTime() - t);
            }
        }
        RunLayout layout = new RunLayout(opt.resultsRoot().resolve(opt.runId()));
        CampaignState state = resumed != null ? resumed : CampaignState.create(layout.dir().resolve("campaign.json"));
        if (resumed == null) {
            state.put("run_id", opt.runId());
            state.put("started_at", Instant.now().toString());
            state.put("options", opt);
            state.put("client", http.name());
            state.put("qemu", bed == null ? null : launcher.qemuVersion(bed.qemu));
            state.put("machine", machine.name());
            state.put("lab", lab(bed));
        } else {
            state.put("resumed_at", Instant.now().toString());
        }
        boolean shortPaths = images.size() == 1 && opt.repeat() == 1;
        Map<String, Object> kernels = new LinkedHashMap<>();
        List<List<Cell>> groups = new ArrayList<>();
        for (Image image : images) {
            kernels.put(image.kernelVersion(), new LinkedHashMap<>(Map.of("image_digest", image.digest())));
            List<Cell> group = new ArrayList<>();
            int firstRep = opt.onlyRep() != null ? opt.onlyRep() : 1;
            int lastRep = opt.onlyRep() != null ? opt.onlyRep() : opt.repeat();
            for (int rep = firstRep; rep <= lastRep; rep++) {
                for (Scenario s : scenarios) {
                    Cell c = Cell.of(image.kernelVersion(), s.name(), rep, shortPaths);
                    boolean done = Files.isRegularFile(layout.cell(c.path()).resolve("summary.json"));
                    if (done) {
                        state.cell(c, "done", null);
                    } else if (!"skipped".equals(state.state(c))) {
                        state.cell(c, "pending", null);
                    }
                    group.add(c);
                }
                if (opt.freshBoot()) {
                    groups.add(group);
                    group = new ArrayList<>();
                }
            }
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        if (state.get("kernels") == null) {
            state.put("kernels", new LinkedHashMap<>(kernels));
        }
        state.write();

        Map<String, Scenario> byName = new LinkedHashMap<>();
        scenarios.forEach(s -> byName.put(s.name(), s));
        Map<String, Image> imageByKernel = new LinkedHashMap<>();
        images.forEach(i -> imageByKernel.put(i.kernelVersion(), i));
        Map<Cell, CellOutcome> outcomes = new LinkedHashMap<>();
        groups.forEach(g -> g.forEach(c -> outcomes.put(c, null))); // plan order, whatever runs first
        Cell[] running = new Cell[1];
        Thread onInterrupt = new Thread(() -> {
            // Ctrl-C or a kill: the running cell is lost, and campaign.json says so.
            synchronized (running) {
                if (running[0] != null) {
                    state.cell(running[0], "interrupted", "the run was interrupted during this cell");
                    state.write();
                }
            }
        }, "campaign-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            for (List<Cell> group : groups) {
                List<Cell> todo = group.stream().filter(c -> !List.of("done", "skipped").contains(state.state(c))).toList();
                group.stream().filter(c -> !todo.contains(c))
                        .forEach(c -> outcomes.put(c, new CellOutcome(c, state.state(c), null, readSummary(layout, c))));
                Image image = imageByKernel.get(group.get(0).kernel());
                Booted booted = null;
                try {
                    for (Cell c : todo) {
                        if (booted == null) {
                            booted = boot(bed, machine, image, layout.dir().resolve(".vm"), hostPorts, state);
                        }
                        synchronized (running) {
                            running[0] = c;
                        }
                        CellOutcome o = runCell(c, byName.get(c.scenario()), booted, clients.get(c.scenario()),
                                endpoints.get(byName.get(c.scenario()).network().endpoint()), analyzer, rules, layout, image);
                        synchronized (running) {
                            running[0] = null;
                            state.cell(c, o.state(), o.error());
                            state.write();
                        }
                        outcomes.put(c, o);
                        if (!booted.machine.isAlive()) {
                            progress.accept("the test VM died; the remaining cells get a new one");
                            booted.close();
                            booted = null;
                        }
                    }
                    if (booted != null) {
                        recordKallsyms(booted, image, state, layout);
                        if (bed != null) {
                            shutdown(booted);
                        }
                    }
                } finally {
                    if (booted != null) {
                        booted.close();
                    }
                }
            }
        } finally {
            state.put("wall_s", seconds(System.nanoTime() - t0));
            state.put("finished_at", Instant.now().toString());
            state.write();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it has recorded the interruption
            }
        }
        List<CellOutcome> all = new ArrayList<>(outcomes.values());
        Stability.write(layout, all, rules);
        return new Result(layout.dir(), all);
    }

    private static Summary readSummary(RunLayout layout, Cell c) {
        Path f = layout.cell(c.path()).resolve("summary.json");
        try {
            return Files.isRegularFile(f) ? Json.MAPPER.readValue(f.toFile(), Summary.class) : null;
        } catch (IOException e) {
            throw new HapmeterException("unreadable " + f + ": " + e.getMessage(), e);
        }
    }

    private CellOutcome runCell(Cell c, Scenario s, Booted b, Client client, InetSocketAddress endpoint,
            TraceAnalyzer analyzer, ClassRules rules, RunLayout layout, Image image) {
        try {
            Scenario.RequiresAccel needs = s.requiresAccel();
            if (needs != null && !needs.satisfiedBy(b.machine.accel())) {
                throw new ScenarioSkipped("needs the test VM under " + needs.accel() + " (this one runs under "
                        + b.machine.accel() + "): " + needs.reason());
            }
            if (opt.perf() != null) {
                measurePerf(c, s, b, client, endpoint, layout, image);
                return new CellOutcome(c, "done", null, null);
            }
            return new CellOutcome(c, "done", null, measure(c, s, b, client, endpoint, analyzer, rules, layout, image));
        } catch (ScenarioSkipped e) {
            progress.accept(c.path() + ": skipped: " + e.getMessage());
            return new CellOutcome(c, "skipped", e.getMessage(), null);
        } catch (HapmeterException e) {
            String why = b.machine.exited(Duration.ofSeconds(2))
                    ? "the test VM died (" + b.machine.exitReason() + "): " + e.getMessage() : e.getMessage();
            why += keepConsoleLog(layout, c, b);
            progress.accept(c.path() + ": FAILED: " + why);
            return new CellOutcome(c, "failed", why, null);
        }
    }

    /**
     * Keeps the test VM's console log of failed cell C where no result is read (the cell's
     * failure directory) and says where, for the error: the kernel's side of a failure (a
     * seccomp kill, a panic, an oops) is often only there.
     */
    private String keepConsoleLog(RunLayout layout, Cell c, Booted b) {
        Path log = layout.failure(c.path()).resolve("console.log");
        try {
            Files.createDirectories(log.getParent());
            b.machine.copyConsoleLog(log);
            return " (console log: " + layout.dir().relativize(log) + ")";
        } catch (IOException e) {
            return " (console log not kept: " + e.getMessage() + ")";
        }
    }

    /** Measures cell C's throughput and publishes its perf.json; nothing is published on failure. */
    private void measurePerf(Cell c, Scenario s, Booted b, Client client, InetSocketAddress endpoint,
            RunLayout layout, Image image) {
        Path tmp = layout.begin(c.path());
        boolean published = false;
        try {
            RunOptions.Perf perf = opt.perf();
            int warmups = opt.warmup() != null ? opt.warmup() : s.readiness().warmupRequests();
            List<Load.Result> runs = new ScenarioRun(s, b.probe, client, endpoint, opt.bufferKb(), warmups, progress)
                    .throughput(image, tmp, Duration.ofSeconds(perf.durationS()), perf.runs(), perf.connections());
            PerfResult r = PerfResult.of(s.name(), client.workload().name(), client.workload().baseline(), c.kernel(),
                    b.machine.accel(), perf,
                    runs.stream().map(Load.Result::perSecond).toList(), runs.stream().map(Load.Result::requests).toList(),
                    runs.stream().map(Load.Result::errors).toList());
            b.machine.copyConsoleLog(tmp.resolve("console.log"));
            RunLayout.writeJson(tmp.resolve("perf.json"), r);
            layout.commit(tmp, c.path());
            published = true;
            progress.accept(String.format("%s: %.1f requests/s (median of %d; spread %.0f%%)", c.path(), r.median(),
                    perf.runs(), r.spread() * 100));
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        } finally {
            if (!published) {
                layout.discard(tmp);
            }
        }
    }

    /** Measures cell C, analyses its traces, and publishes it; nothing is published on failure. */
    private Summary measure(Cell c, Scenario s, Booted b, Client client, InetSocketAddress endpoint,
            TraceAnalyzer analyzer, ClassRules rules, RunLayout layout, Image image) {
        String started = Instant.now().toString();
        Path tmp = layout.begin(c.path());
        boolean published = false;
        try {
            int warmups = opt.warmup() != null ? opt.warmup() : s.readiness().warmupRequests();
            // Analysed as they come with --until-steady, which decides on each round's functions.
            List<TraceResult> analysed = new ArrayList<>();
            Measurement m = new ScenarioRun(s, b.probe, client, endpoint, opt.bufferKb(), warmups, progress)
                    .measure(image, tmp, windows -> {
                        if (opt.untilSteady() == 0) {
                            return false;
                        }
                        analysed.add(analyze(analyzer, windows.get(windows.size() - 1), s));
                        return !Steady.done(rounds(analysed), opt.untilSteady(), opt.maxRounds());
                    });
            long t = System.nanoTime();
            for (Measurement.Window w : m.requests().subList(analysed.size(), m.requests().size())) {
                analysed.add(analyze(analyzer, w, s));
            }
            TreeSet<String> functions = new TreeSet<>();
            TreeSet<String> raw = new TreeSet<>();
            TreeSet<Integer> pidsSeen = new TreeSet<>();
            for (TraceResult tr : analysed) {
                functions.addAll(tr.functions());
                raw.addAll(tr.functionsRaw());
                pidsSeen.addAll(tr.pidsSeen());
            }
            String format = analysed.get(0).format();
            for (String must : s.traceMustContain()) {
                if (functions.stream().noneMatch(f -> f.contains(must))) {
                    throw new HapmeterException(s.name() + ": no traced function contains '" + must
                            + "': the request did not take the scenario's path (see trace_must_contain)");
                }
            }
            TraceResult idle = analyze(analyzer, m.idle(), s);
            Map<String, Integer> byClass = rules.countByClass(functions);
            double analysisS = seconds(System.nanoTime() - t);
            for (Measurement.Window w : m.requests()) {
                gzipAway(w.trace());
            }
            gzipAway(m.idle().trace());
            Files.write(tmp.resolve("functions.txt"), functions);
            Files.write(tmp.resolve("idle-functions.txt"), idle.functions());
            b.machine.copyConsoleLog(tmp.resolve("console.log"));
            Measurement.Window first = m.requests().get(0);
            Summary sum = new Summary(s.name(), c.kernel(), c.rep(), b.machine.accel(), b.accelNote, client.name(),
                    first.bytesReceived(), s.expectedBytes(), functions.size(), raw.size(), byClass, rules.name(),
                    m.requests().stream().mapToLong(Measurement.Window::overrun).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::commitOverrun).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::dropped).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::entries).sum(),
                    m.requests().stream().mapToLong(Measurement.Window::traceBytes).sum(), first.traceSha256(), format,
                    first.tracedPids().stream().map(Long::valueOf).toList(), new ArrayList<>(pidsSeen), m.probePid(),
                    warmups,
                    new Summary.Idle(idle.functions().size(), idle.functionsRaw().size(), rules.countByClass(idle.functions()),
                            m.idle().lost(), m.idleWaitS(), m.idle().traceSha256()),
                    (int) functions.stream().filter(f -> !idle.functions().contains(f)).count(),
                    opt.untilSteady() == 0 ? null : Steady.summary(rounds(analysed), opt.untilSteady(), opt.maxRounds()),
                    new Summary.Timings(b.bootS, m.startS(), m.tracerSetupS(), first.armS(), first.requestS(),
                            first.disarmS(), first.pullS(), analysisS),
                    seconds(System.nanoTime() - t0), image.digest(), started);
            RunLayout.writeJson(tmp.resolve("summary.json"), sum);
            layout.commit(tmp, c.path());
            published = true;
            progress.accept(String.format("%s: %d functions (%s); idle %d", c.path(), sum.functionsTotal(), byClass,
                    sum.idle().functionsTotal()));
            return sum;
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": " + e.getMessage(), e);
        } finally {
            if (!published) {
                layout.discard(tmp);
            }
        }
    }

    private static List<SortedSet<String>> rounds(List<TraceResult> analysed) {
        return analysed.stream().map(TraceResult::functions).toList();
    }

    private static TraceResult analyze(TraceAnalyzer analyzer, Measurement.Window w, Scenario s) {
        try {
            return analyzer.analyze(w.trace(), w.tracedPids());
        } catch (IOException e) {
            throw new HapmeterException(s.name() + ": cannot analyse " + w.trace().getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The test machine with its probe answering. */
    private record Booted(TestMachine machine, ProbeConnection probe, String accelNote, String kernel, double bootS)
            implements AutoCloseable {
        @Override
        public void close() {
            probe.close();
            machine.close();
        }
    }

    /** Where test VMs boot: the launcher, QEMU there, and the images there by kernel. */
    private static final class Testbed {
        final Launcher launcher;
        final String qemu;
        final Map<String, List<String>> staged = new LinkedHashMap<>();
        double stageS;

        Testbed(Launcher launcher, String qemu) {
            this.launcher = launcher;
            this.qemu = qemu;
        }
    }

    /** campaign.json's "lab": where the test machine was, and how long getting the images there took. */
    private Map<String, Object> lab(Testbed bed) {
        Map<String, Object> lab = new LinkedHashMap<>();
        if (bed == null) {
            lab.put("where", "bare-metal machine on " + opt.lab().serial() + " at " + opt.lab().baud() + " baud");
        } else {
            lab.put("where", bed.launcher.where());
            lab.put("stage_s", bed.stageS);
        }
        return lab;
    }

    private static void shutdown(Booted b) {
        try {
            b.probe.client().call(new Shutdown.Request());
        } catch (HapmeterException e) {
            // QEMU is killed by close() instead
        }
    }

    /** Boots the test VM for one group of cells and records the boot (and the kernel's symbols, once). */
    private Booted boot(Testbed bed, MachineSpec machine, Image image, Path vmDir, Map<String, Integer> hostPorts,
            CampaignState state) {
        Booted b = bed == null ? attach(machine, image) : boot(bed, machine, image, vmDir, hostPorts);
        @SuppressWarnings("unchecked")
        List<Object> boots = state.get("boots") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kernel", b.kernel);
        record.put("accel", b.machine.accel());
        record.put("accel_note", b.accelNote);
        record.put("boot_s", b.bootS);
        boots.add(record);
        state.put("boots", boots);
        // The first boot's accelerator is the campaign's, for readers that want one value.
        if (state.get("accel") == null) {
            state.put("accel", b.machine.accel());
            state.put("accel_note", b.accelNote);
            state.put("kernel", b.kernel);
            state.put("boot_s", b.bootS);
        }
        state.write();
        return b;
    }

    /**
     * Text symbols with addresses, for code sizes in the report: pulled once per kernel, after
     * its cells, so that the modules the scenarios loaded are in it; never inside a window.
     */
    private void recordKallsyms(Booted b, Image image, CampaignState state, RunLayout layout) {
        boolean single = opt.kernels().size() == 1;
        Path kallsyms = layout.dir().resolve(single ? "kallsyms.txt.gz" : image.kernelVersion() + "/kallsyms.txt.gz");
        if (Files.exists(kallsyms) || !pullKallsyms(b.probe, kallsyms)) {
            return;
        }
        String relative = layout.dir().relativize(kallsyms).toString();
        if (single) {
            state.put("kallsyms", relative);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> kernels = (Map<String, Object>) state.get("kernels");
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("image_digest", image.digest());
        k.put("kallsyms", relative);
        kernels.put(image.kernelVersion(), k);
        state.write();
    }

    private Booted boot(Testbed bed, MachineSpec machine, Image image, Path vmDir, Map<String, Integer> hostPorts) {
        String note;
        if (opt.accel() == Accel.TCG) {
            note = "tcg requested";
        } else if (!bed.launcher.kvmAccessible()) {
            if (opt.accel() == Accel.KVM) {
                throw new HapmeterException("--accel kvm: /dev/kvm is missing or not accessible on " + bed.launcher.where());
            }
            note = "auto: no usable /dev/kvm, using tcg";
        } else {
            // /dev/kvm existing proves nothing (a paravirtual KVM may crawl and fail): really boot.
            Duration limit = opt.accel() == Accel.KVM ? Duration.ofSeconds(machine.bootTimeoutS())
                    : Duration.ofSeconds(machine.kvmProbeTimeoutS());
            progress.accept("boot: trying kvm (limit " + limit.toSeconds() + " s)");
            try {
                return bootWith(bed, Accel.KVM, machine, image, vmDir, hostPorts, limit, "kvm: the test VM booted");
            } catch (VmFailure e) {
                if (opt.accel() == Accel.KVM) {
                    throw e;
                }
                note = "auto: kvm did not boot the test VM (" + e.getMessage() + "), using tcg";
            }
        }
        progress.accept("boot: tcg");
        return bootWith(bed, Accel.TCG, machine, image, vmDir, hostPorts, Duration.ofSeconds(machine.bootTimeoutS()),
                note);
    }

    private Booted bootWith(Testbed bed, Accel accel, MachineSpec machine, Image image, Path vmDir,
            Map<String, Integer> hostPorts, Duration limit, String note) {
        long start = System.nanoTime();
        List<String> files = bed.staged.get(image.kernelVersion());
        TestVm vm = TestVm.launch(bed.launcher, machine, bed.qemu, files.get(0), files.get(1), accel, vmDir, hostPorts);
        return connect(vm, start, limit, note);
    }

    /**
     * A bare-metal machine is not booted: its probe must already answer on the serial line, from
     * a boot of this very image's kernel.
     */
    private Booted attach(MachineSpec machine, Image image) {
        LabOptions lab = opt.lab();
        progress.accept("boot: bare-metal machine on " + lab.serial() + " at " + lab.baud() + " baud");
        Booted b = connect(new SerialMachine(lab.serial(), lab.baud()), System.nanoTime(),
                Duration.ofSeconds(machine.bootTimeoutS()), "bare metal on " + lab.serial());
        if (!b.kernel.equals(image.kernelVersion())) {
            b.close();
            throw new HapmeterException("the machine on " + lab.serial() + " runs kernel " + b.kernel + ", not "
                    + image.kernelVersion() + ": boot it from the files of `hapmeter image build --boot DIR`");
        }
        return b;
    }

    /** Opens the probe connection on M and waits up to LIMIT for its HELLO; the kernel must be able to trace. */
    private Booted connect(TestMachine m, long start, Duration limit, String note) {
        ProbeConnection probe = null;
        try {
            probe = ProbeConnection.open(m, progress);
            m.await(probe.ready(), limit);
            Hello.Reply hello = probe.hello();
            double bootS = seconds(System.nanoTime() - start);
            if (!hello.tracefs()) {
                throw m.failure("the test machine has no tracefs at /sys/kernel/tracing", null);
            }
            if (!hello.tracers().contains("function_graph")) {
                throw m.failure("kernel " + hello.kernel() + " offers no function_graph tracer (has: "
                        + String.join(",", hello.tracers()) + ")", null);
            }
            progress.accept(String.format("boot: probe ready after %.1f s (%s, kernel %s)", bootS, m.accel(),
                    hello.kernel()));
            return new Booted(m, probe, note, hello.kernel(), bootS);
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            VmFailure f = e instanceof VmFailure vf ? vf : m.failure("cannot reach the probe: " + e.getMessage(), e);
            m.kill();
            throw f;
        }
    }

    private boolean pullKallsyms(ProbeConnection probe, Path dest) {
        Path tmp = dest.resolveSibling(".kallsyms.tmp");
        try {
            Files.createDirectories(dest.getParent());
            probe.pull(Pull.Source.KALLSYMS, tmp);
            gzip(tmp, dest);
            Files.delete(tmp);
            return true;
        } catch (IOException | HapmeterException e) {
            progress.accept("kallsyms: not pulled (" + e.getMessage() + "); code sizes will be missing");
            return false;
        }
    }

    /** Replaces FILE by FILE.gz. */
    private static void gzipAway(Path file) throws IOException {
        gzip(file, file.resolveSibling(file.getFileName() + ".gz"));
        Files.delete(file);
    }

    private static void gzip(Path src, Path dest) throws IOException {
        try (InputStream in = Files.newInputStream(src); OutputStream out = new GZIPOutputStream(Files.newOutputStream(dest), 1 << 16)) {
            in.transferTo(out);
        }
    }

    /** A port there per forward of the machine: PORT (if not 0) for "vm", free ports for the others. */
    private static Map<String, Integer> hostPorts(Launcher launcher, MachineSpec machine, int port) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : machine.forwards().keySet()) {
            ports.put(name, launcher.freePort(name.equals("vm") ? port : 0));
        }
        if (new TreeSet<>(ports.values()).size() != ports.size()) {
            throw new HapmeterException("host ports collide: " + ports);
        }
        return ports;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }
}
