package hapmeter.campaign;

import hapmeter.results.Cell;
import hapmeter.results.Summary;
import hapmeter.results.CampaignState;
import hapmeter.results.RunLayout;
import hapmeter.HapmeterException;
import hapmeter.Json;
import hapmeter.analysis.ClassRules;
import hapmeter.image.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Combines run directories (typically one per planned cell, from run-cell on a batch engine) into
 * one run directory laid out as a single `run` of the whole campaign would be: the same cell paths,
 * campaign.json with every cell's state, the kernels' kallsyms, stability.json.
 */
public final class Merge {
    private Merge() {
    }

    private record Input(Path dir, CampaignState state, RunOptions options) {
    }

    public static Path merge(List<Path> inputs, Path out) {
        if (Files.exists(out.resolve("campaign.json"))) {
            throw new HapmeterException(out + " already holds a campaign; merge into a new directory");
        }
        List<Input> runs = new ArrayList<>();
        for (Path dir : inputs) {
            CampaignState st = CampaignState.load(dir.resolve("campaign.json"));
            runs.add(new Input(dir, st, Json.MAPPER.convertValue(st.get("options"), RunOptions.class)));
        }
        if (runs.isEmpty()) {
            throw new HapmeterException("nothing to merge");
        }
        LinkedHashSet<String> kernels = new LinkedHashSet<>();
        LinkedHashSet<String> kernelArgs = new LinkedHashSet<>();
        LinkedHashSet<String> scenarios = new LinkedHashSet<>();
        int repeat = 1;
        for (Input in : runs) {
            in.state().cells().values().forEach(c -> kernels.add((String) c.get("kernel")));
            kernelArgs.addAll(in.options().kernels());
            scenarios.addAll(in.options().scenarios());
            repeat = Math.max(repeat, in.options().repeat());
        }
        boolean shortPaths = kernels.size() == 1 && repeat == 1;
        RunLayout layout = new RunLayout(out);
        CampaignState merged = CampaignState.create(out.resolve("campaign.json"));
        RunOptions first = runs.get(0).options();
        merged.put("run_id", out.getFileName().toString());
        merged.put("started_at", Instant.now().toString());
        merged.put("merged_from", inputs.stream().map(p -> p.toAbsolutePath().toString()).toList());
        merged.put("options", new RunOptions(first.configs(), List.copyOf(scenarios), List.copyOf(kernelArgs),
                first.accel(), first.machine(), out.toAbsolutePath().getParent(), out.getFileName().toString(),
                first.hostPort(), first.bufferKb(), first.client(), first.qemu(), first.bootTimeoutS(), repeat,
                first.freshBoot(), first.warmup(), first.untilSteady(), first.maxRounds(), null, first.lab(), first.perf(),
                first.noSource()));
        for (String key : List.of("client", "qemu", "machine", "accel", "accel_note", "kernel", "boot_s")) {
            merged.put(key, runs.get(0).state().get(key));
        }
        List<Object> boots = new ArrayList<>();
        Map<String, Object> kernelInfo = new LinkedHashMap<>();
        double wall = 0;
        List<Campaign.CellOutcome> outcomes = new ArrayList<>();
        try {
            for (Input in : runs) {
                if (in.state().get("boots") instanceof List<?> b) {
                    boots.addAll(b);
                }
                wall += in.state().get("wall_s") instanceof Number n ? n.doubleValue() : 0;
                for (Map.Entry<String, Map<String, Object>> e : in.state().cells().entrySet()) {
                    Map<String, Object> c = e.getValue();
                    Cell cell = Cell.of((String) c.get("kernel"), (String) c.get("scenario"), (Integer) c.get("rep"), shortPaths);
                    if (merged.state(cell) != null) {
                        throw new HapmeterException("cell " + cell.path() + " is in more than one input (again in " + in.dir() + ")");
                    }
                    String state = (String) c.get("state");
                    Summary summary = null;
                    if (state.equals("done")) {
                        Path src = in.dir().resolve(e.getKey());
                        Path tmp = layout.begin(cell.path());
                        Digests.copyTree(src, tmp);
                        layout.commit(tmp, cell.path());
                        summary = Json.MAPPER.readValue(layout.cell(cell.path()).resolve("summary.json").toFile(), Summary.class);
                    }
                    String why = (String) (c.containsKey("error") ? c.get("error") : c.get("reason"));
                    merged.cell(cell, state, why);
                    outcomes.add(new Campaign.CellOutcome(cell, state, why, summary));
                }
                copyKallsyms(in, kernels.size() == 1, out, kernelInfo);
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot merge into " + out + ": " + e.getMessage(), e);
        }
        merged.put("boots", boots);
        merged.put("kernels", kernelInfo);
        if (kernels.size() == 1 && Files.exists(out.resolve("kallsyms.txt.gz"))) {
            merged.put("kallsyms", "kallsyms.txt.gz");
        }
        merged.put("wall_s", wall);
        merged.put("finished_at", Instant.now().toString());
        merged.write();
        Stability.write(layout, outcomes, ClassRules.load(first.configs().resolve("rules/paper.json")));
        return out;
    }

    /** The input's kallsyms for each of its kernels, where a single run of the campaign would have put it. */
    private static void copyKallsyms(Input in, boolean singleKernel, Path out, Map<String, Object> kernelInfo)
            throws IOException {
        for (Map<String, Object> c : in.state().cells().values()) {
            String kernel = (String) c.get("kernel");
            Path src = in.state().get("kallsyms") instanceof String k ? in.dir().resolve(k)
                    : in.dir().resolve(kernel + "/kallsyms.txt.gz");
            Path dest = out.resolve(singleKernel ? "kallsyms.txt.gz" : kernel + "/kallsyms.txt.gz");
            if (Files.isRegularFile(src) && !Files.exists(dest)) {
                Files.createDirectories(dest.getParent());
                Files.copy(src, dest);
                kernelInfo.put(kernel, Map.of("kallsyms", out.relativize(dest).toString()));
            }
        }
    }
}
