package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.image.Image;
import hapmeter.image.ImageBuilder;
import hapmeter.results.CampaignState;
import hapmeter.results.Cell;
import hapmeter.results.RunLayout;
import hapmeter.results.Summary;
import hapmeter.scenario.Scenario;
import hapmeter.vm.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One campaign: the cells kernel x scenario x repeat. Plans and checks them ({@link Planner}),
 * builds an image per kernel, boots the test machine once per group of cells ({@link Testbed}),
 * measures each cell in it ({@link CellMeasurer}, or {@link PerfRunner} for throughput) and
 * records every cell's state in campaign.json. A failed cell does not stop the others; if the VM
 * dies, the remaining cells get a new VM. --resume runs only the cells not yet done.
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
        return new Campaign(recorded.at(runDir), progress).execute(state);
    }

    /** The cells of this campaign, for a batch engine to run one by one (kernels as the command line resolved them). */
    public List<CellSpec> plan() {
        return Planner.cells(opt);
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

    /** The shared part of run and resume; RESUMED is null for a new campaign. */
    private Result execute(CampaignState resumed) {
        Planner.Checked plan = Planner.check(opt);
        List<Image> images = buildImages(plan);
        // Before the first boot: it needs no test machine, and nothing measured can be lost if it fails.
        Map<String, SourceIndexes.Outcome> sources = SourceIndexes.prepare(opt, images, SourceIndexes.DEBIAN, progress);
        try (Launcher launcher = opt.lab().bareMetal() ? null : opt.lab().launcher(progress)) {
            Testbed bed = new Testbed(opt, plan.machine(), launcher, images, progress);
            RunLayout layout = new RunLayout(opt.resultsRoot().resolve(opt.runId()));
            CampaignState state = resumed != null ? resumed : CampaignState.create(layout.dir().resolve("campaign.json"));
            if (resumed == null) {
                state.put("run_id", opt.runId());
                state.put("started_at", Instant.now().toString());
                state.put("options", opt);
                state.put("client", plan.http().name());
                state.put("qemu", bed.qemuVersion());
                state.put("machine", plan.machine().name());
                state.put("lab", bed.record());
            } else {
                state.put("resumed_at", Instant.now().toString());
            }
            List<List<Cell>> groups = Planner.groups(opt, images, plan.scenarios(), layout, state);
            images.forEach(i -> state.kernel(i.kernelVersion()).putIfAbsent("image_digest", i.digest()));
            sources.forEach((kernel, o) -> state.kernel(kernel).put("source_index", o.record()));
            state.write();
            return measure(plan, bed, images, groups, layout, state);
        }
    }

    /**
     * Modules and files of every known scenario, so the image does not depend on which ones run; bundles only
     * of the selected ones, since a language runtime's (node, python) would add some 100 MB to every boot.
     */
    private List<Image> buildImages(Planner.Checked plan) {
        Path scenarios = opt.configs().resolve("scenarios");
        List<Image> images = new ArrayList<>();
        for (String kernel : opt.kernels()) {
            progress.accept("image: building for kernel " + kernel);
            Image image = new ImageBuilder(Home.root(), Home.cache(), s -> progress.accept("image: " + s))
                    .build(kernel, plan.machine().bootModules(), Scenario.allModules(scenarios), Scenario.allFiles(scenarios),
                            Scenario.bundlesOf(plan.scenarios()));
            progress.accept(String.format("image: %s %s, %.1f MB (%s)", image.cached() ? "cached" : "built",
                    image.digest().substring(0, 12), image.sizeBytes() / 1e6, image.kernelVersion()));
            images.add(image);
        }
        return images;
    }

    private Result measure(Planner.Checked plan, Testbed bed, List<Image> images, List<List<Cell>> groups,
            RunLayout layout, CampaignState state) {
        Map<String, Image> imageByKernel = new LinkedHashMap<>();
        images.forEach(i -> imageByKernel.put(i.kernelVersion(), i));
        CellMeasurer measurer = new CellMeasurer(opt, plan.interrupts(), plan.rules(), progress, t0);
        Map<Cell, CellOutcome> outcomes = new LinkedHashMap<>();
        groups.forEach(g -> g.forEach(c -> outcomes.put(c, null))); // plan order, whatever runs first
        Cell[] running = new Cell[1];
        Thread onInterrupt = new Thread(() -> {
            // Ctrl-C or a kill: the running cell is lost, and campaign.json says so.
            synchronized (running) {
                if (running[0] != null) {
                    state.cell(running[0], "interrupted", "the run was interrupted during this cell");
                    record(state);
                }
            }
        }, "campaign-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        int total = (int) groups.stream().flatMap(List::stream).filter(c -> !List.of("done", "skipped").contains(state.state(c)))
                .count();
        int started = 0;
        long firstCell = 0;
        try {
            for (List<Cell> group : groups) {
                List<Cell> todo = group.stream().filter(c -> !List.of("done", "skipped").contains(state.state(c))).toList();
                group.stream().filter(c -> !todo.contains(c))
                        .forEach(c -> outcomes.put(c, new CellOutcome(c, state.state(c), null, readSummary(layout, c))));
                Image image = imageByKernel.get(group.get(0).kernel());
                Testbed.Booted booted = null;
                try {
                    for (Cell c : todo) {
                        if (booted == null) {
                            booted = bed.boot(image, layout.dir().resolve(".vm"), state);
                        }
                        synchronized (running) {
                            running[0] = c;
                        }
                        if (total > 1) {
                            firstCell = started == 0 ? System.nanoTime() : firstCell;
                            progress.accept(cellLine(++started, total, c, firstCell));
                        }
                        CellOutcome o = runCell(c, plan, bed, booted, measurer, layout, image);
                        synchronized (running) {
                            running[0] = null;
                            state.cell(c, o.state(), o.error());
                            record(state);
                        }
                        outcomes.put(c, o);
                        if (!booted.machine().isAlive()) {
                            progress.accept("the test VM died; the remaining cells get a new one");
                            booted.close();
                            booted = null;
                        }
                    }
                    if (booted != null) {
                        bed.finish(booted, image, state, layout);
                    }
                } finally {
                    if (booted != null) {
                        booted.close();
                    }
                }
            }
        } finally {
            state.put("wall_s", Timing.since(t0));
            state.put("finished_at", Instant.now().toString());
            record(state);
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it has recorded the interruption
            }
        }
        List<CellOutcome> all = new ArrayList<>(outcomes.values());
        Stability.write(layout, all, plan.rules());
        return new Result(layout.dir(), all);
    }

    /** "cell 3/8 kvm (ETA 40 s)": the ETA from the mean time of the cells so far, boots included. */
    private static String cellLine(int n, int total, Cell c, long firstCell) {
        String eta = n == 1 ? "" : String.format(" (ETA %.0f s)", Timing.since(firstCell) / (n - 1) * (total - n + 1));
        return "cell " + n + "/" + total + " " + c.path() + eta;
    }

    /**
     * Writes campaign.json after a cell. A failed write (a full disk) is said and tried again after the
     * next cell: it ends no campaign, and the cells' own directories say what was measured.
     */
    private void record(CampaignState state) {
        try {
            state.write();
        } catch (HapmeterException e) {
            progress.accept("campaign.json not written (" + e.getMessage() + "); trying again after the next cell");
        }
    }

    private static Summary readSummary(RunLayout layout, Cell c) {
        Path f = layout.cell(c.path()).resolve("summary.json");
        try {
            return Files.isRegularFile(f) ? Json.MAPPER.readValue(f.toFile(), Summary.class) : null;
        } catch (IOException e) {
            throw new HapmeterException("unreadable " + f + ": " + e.getMessage(), e);
        }
    }

    /** One cell on the booted machine B: measured, skipped (with the reason) or failed (with the cause). */
    private CellOutcome runCell(Cell c, Planner.Checked plan, Testbed bed, Testbed.Booted b, CellMeasurer measurer,
            RunLayout layout, Image image) {
        Scenario s = plan.scenario(c.scenario());
        try {
            Scenario.RequiresAccel needs = s.requiresAccel();
            if (needs != null && !needs.satisfiedBy(b.machine().accel())) {
                throw new ScenarioSkipped("needs the test VM under " + needs.accel() + " (this one runs under "
                        + b.machine().accel() + "): " + needs.reason());
            }
            var endpoint = bed.endpoints().get(s.network().endpoint());
            if (opt.perf() != null) {
                new PerfRunner(opt, progress).measure(c, s, b, plan.clients().get(s.name()), endpoint, layout, image);
                return new CellOutcome(c, "done", null, null);
            }
            return new CellOutcome(c, "done", null,
                    measurer.measure(c, s, b, plan.clients().get(s.name()), endpoint, layout, image));
        } catch (ScenarioSkipped e) {
            progress.accept(c.path() + ": skipped: " + e.getMessage());
            return new CellOutcome(c, "skipped", e.getMessage(), null);
        } catch (RuntimeException e) {
            // Whatever went wrong inside a cell fails that cell only, in one line.
            String what = e instanceof HapmeterException ? e.getMessage() : s.name() + ": " + e;
            String why = b.machine().exited(Duration.ofSeconds(2))
                    ? "the test VM died (" + b.machine().exitReason() + "): " + what : what;
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
    private static String keepConsoleLog(RunLayout layout, Cell c, Testbed.Booted b) {
        Path log = layout.failure(c.path()).resolve("console.log");
        try {
            Files.createDirectories(log.getParent());
            b.machine().copyConsoleLog(log);
            return " (console log: " + layout.dir().relativize(log) + ")";
        } catch (IOException e) {
            return " (console log not kept: " + e.getMessage() + ")";
        }
    }
}
