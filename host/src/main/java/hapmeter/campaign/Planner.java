package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.analysis.ClassRules;
import hapmeter.image.Image;
import hapmeter.results.CampaignState;
import hapmeter.results.Cell;
import hapmeter.results.RunLayout;
import hapmeter.scenario.Client;
import hapmeter.scenario.HttpClient;
import hapmeter.scenario.Scenario;
import hapmeter.scenario.WorkloadSpec;
import hapmeter.trace.InterruptRules;
import hapmeter.vm.MachineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a campaign will measure: its options and configuration checked before anything is built
 * or booted (bad input must fail before minutes of work), and its cells grouped by boot.
 */
final class Planner {
    private Planner() {
    }

    /** The checked configuration of a campaign. */
    record Checked(List<Scenario> scenarios, MachineSpec machine, HttpClient http, Map<String, Client> clients,
            ClassRules rules, InterruptRules interrupts) {
        Scenario scenario(String name) {
            return scenarios.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** The cells of OPT, for a batch engine to run one by one (kernels as the command line resolved them). */
    static List<CellSpec> cells(RunOptions opt) {
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

    /** Every cheap check of OPT and the configuration it names. */
    static Checked check(RunOptions opt) {
        Path configs = opt.configs();
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
        if (opt.lab().bareMetal() && opt.freshBoot()) {
            throw new HapmeterException("--fresh-boot needs a test VM: hapmeter does not reboot a bare-metal machine");
        }
        Map<String, WorkloadSpec> workloads = WorkloadSpec.loadAll(configs.resolve("workloads"));
        HttpClient http = HttpClient.byName(opt.client());
        Map<String, Client> clients = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            WorkloadSpec w = workloads.get(s.workload());
            if (w == null) {
                throw new HapmeterException("scenario " + s.name() + ": workload '" + s.workload() + "' is not in "
                        + configs.resolve("workloads") + " (has " + workloads.keySet() + ")");
            }
            clients.put(s.name(), w.client(http));
        }
        ClassRules rules = ClassRules.load(configs.resolve("rules/paper.json"));
        InterruptRules interrupts = InterruptRules.load(configs.resolve("rules/interrupts.json"));
        return new Checked(scenarios, machine, http, clients, rules, interrupts);
    }

    /**
     * The cells to run, in groups that share a boot (one group per kernel, or per repeat with
     * --fresh-boot); records each cell in STATE as done (its summary.json exists), or pending
     * unless a resumed campaign had skipped it.
     */
    static List<List<Cell>> groups(RunOptions opt, List<Image> images, List<Scenario> scenarios, RunLayout layout,
            CampaignState state) {
        boolean shortPaths = images.size() == 1 && opt.repeat() == 1;
        int firstRep = opt.onlyRep() != null ? opt.onlyRep() : 1;
        int lastRep = opt.onlyRep() != null ? opt.onlyRep() : opt.repeat();
        List<List<Cell>> groups = new ArrayList<>();
        for (Image image : images) {
            List<Cell> group = new ArrayList<>();
            for (int rep = firstRep; rep <= lastRep; rep++) {
                for (Scenario s : scenarios) {
                    Cell c = Cell.of(image.kernelVersion(), s.name(), rep, shortPaths);
                    if (Files.isRegularFile(layout.cell(c.path()).resolve("summary.json"))) {
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
        return groups;
    }
}
