package hapmeter.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.results.Summary;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.Syscalls;
import hapmeter.trace.TraceAnalyzer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a run directory holds (the results layout of DESIGN.md), read once and leniently: each piece that is
 * missing or unreadable becomes a line of {@link #missing()} and the rest is still there.
 *
 * @param facts    run-wide facts for the report header (run id, kernel, accelerator…), in display order
 * @param cells    every cell, in scenario order
 * @param kallsyms the guest's text symbols, or null
 * @param missing  one line per missing piece, saying what it costs the report
 */
public record RunData(Path dir, Map<String, String> facts, List<Cell> cells, KernelSymbols kallsyms,
        List<String> missing) {

    /** The paper's scenarios first, in its order; any others after them, alphabetically. */
    static final List<String> PAPER_ORDER = List.of("socket", "tap", "qemu", "kvm");
    static final Comparator<String> SCENARIO_ORDER = Comparator
            .comparingInt((String s) -> PAPER_ORDER.contains(s) ? PAPER_ORDER.indexOf(s) : PAPER_ORDER.size())
            .thenComparing(Comparator.naturalOrder());

    /**
     * One cell (today a scenario; with several kernels or repeats a path such as kernel/scenario/rep).
     *
     * @param key       the cell's name in campaign.json, and its directory relative to the run
     * @param state     done, failed, skipped, pending, or "found" when there is no campaign.json
     * @param error     why it failed or was skipped, else null
     * @param summary   summary.json, or null
     * @param functions functions.txt, or null
     * @param syscalls  from trace.txt.gz, or null
     */
    public record Cell(String key, String scenario, String state, String error, Summary summary,
            List<String> functions, Syscalls syscalls) {
        public boolean measured() {
            return summary != null;
        }
    }

    /** Tolerates fields this version does not know: a report of an older or newer run still renders. */
    private static final ObjectReader SUMMARY = Json.MAPPER.readerFor(Summary.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String KALLSYMS_DEFAULT = "kallsyms.txt.gz";

    /** @throws HapmeterException if RUN_DIR is not a directory or has no cell at all */
    public static RunData load(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new HapmeterException("no run directory " + runDir);
        }
        List<String> missing = new ArrayList<>();
        JsonNode campaign = campaign(runDir, missing);
        Map<String, JsonNode> states = campaign != null && campaign.path("cells").isObject()
                ? fields(campaign.get("cells")) : discoverCells(runDir);
        if (states.isEmpty()) {
            throw new HapmeterException(runDir + " holds no cells (no cells in campaign.json, no */summary.json): "
                    + "not a run directory?");
        }
        List<Cell> cells = new ArrayList<>();
        states.forEach((key, st) -> cells.add(cell(runDir, key, st, missing)));
        cells.sort(Comparator.comparing(Cell::scenario, SCENARIO_ORDER).thenComparing(Cell::key));
        return new RunData(runDir, facts(campaign, cells), List.copyOf(cells), kallsyms(runDir, campaign, missing),
                List.copyOf(missing));
    }

    /** The cells with a summary.json. */
    public List<Cell> measured() {
        return cells.stream().filter(Cell::measured).toList();
    }

    private static JsonNode campaign(Path runDir, List<String> missing) {
        Path file = runDir.resolve("campaign.json");
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            missing.add("campaign.json: " + reason(e) + "; cells are the directories holding a summary.json, "
                    + "and failed or skipped cells are unknown");
            return null;
        }
    }

    /** Without campaign.json: every directory (up to kernel/scenario/rep) with a summary.json is a done cell. */
    private static Map<String, JsonNode> discoverCells(Path runDir) {
        try (Stream<Path> s = Files.walk(runDir, 4)) {
            return s.filter(p -> p.getFileName().toString().equals("summary.json"))
                    .map(p -> runDir.relativize(p.getParent()).toString())
                    .filter(k -> !k.isEmpty() && !k.startsWith("."))
                    .sorted()
                    .collect(Collectors.toMap(k -> k, k -> Json.MAPPER.createObjectNode().put("state", "found"),
                            (a, b) -> a, LinkedHashMap::new));
        } catch (IOException e) {
            throw new HapmeterException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
    }

    private static Cell cell(Path runDir, String key, JsonNode st, List<String> missing) {
        String state = st.path("state").asText("unknown");
        String error = st.hasNonNull("error") ? st.get("error").asText()
                : st.hasNonNull("reason") ? st.get("reason").asText() : null;
        String scenario = st.path("scenario").asText(key);
        if (!state.equals("done") && !state.equals("found")) {
            missing.add(key + ": " + state + (error != null ? ": " + error : "") + "; no results for it");
            return new Cell(key, scenario, state, error, null, null, null);
        }
        Path dir = runDir.resolve(key);
        Summary summary;
        try {
            summary = SUMMARY.readValue(dir.resolve("summary.json").toFile());
        } catch (IOException e) {
            missing.add(key + "/summary.json: " + reason(e) + "; no results for " + key);
            return new Cell(key, scenario, state, error, null, null, null);
        }
        List<String> functions = null;
        try {
            functions = Files.readAllLines(dir.resolve("functions.txt"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            missing.add(key + "/functions.txt: " + reason(e) + "; tables 2 and 3 and code sizes lack " + key);
        }
        Syscalls syscalls = null;
        try {
            Set<Integer> pids = summary.tracedPids() == null ? Set.of()
                    : Set.copyOf(summary.tracedPids());
            syscalls = new TraceAnalyzer(InterruptRules.load(Home.vmConfigs().resolve("rules/interrupts.json")))
                    .syscalls(dir.resolve("trace.txt.gz"), pids);
        } catch (IOException e) {
            missing.add(key + "/trace.txt.gz: " + reason(e) + "; the syscall table lacks " + key);
        }
        return new Cell(key, summary.scenario() != null ? summary.scenario() : scenario, state, error, summary,
                functions, syscalls);
    }

    private static KernelSymbols kallsyms(Path runDir, JsonNode campaign, List<String> missing) {
        String name = KALLSYMS_DEFAULT;
        if (campaign != null) {
            if (!campaign.hasNonNull("kallsyms")) {
                missing.add("kallsyms: not pulled in this run (campaign.json has none); no code sizes");
                return null;
            }
            name = campaign.get("kallsyms").asText();
        }
        try {
            return KernelSymbols.load(runDir.resolve(name));
        } catch (IOException e) {
            missing.add(name + ": " + reason(e) + "; no code sizes");
            return null;
        }
    }

    /** Header facts from campaign.json, else from the first summary. */
    private static Map<String, String> facts(JsonNode campaign, List<Cell> cells) {
        Map<String, String> f = new LinkedHashMap<>();
        if (campaign != null) {
            put(f, "run", campaign.path("run_id"));
            put(f, "kernel", campaign.path("kernel"));
            put(f, "accelerator", campaign.path("accel"));
            put(f, "accelerator note", campaign.path("accel_note"));
            put(f, "QEMU", campaign.path("qemu"));
            put(f, "machine", campaign.path("machine"));
            put(f, "client", campaign.path("client"));
            put(f, "image digest", campaign.path("image_digest"));
            put(f, "started", campaign.path("started_at"));
            put(f, "wall time (s)", campaign.path("wall_s"));
        } else {
            cells.stream().filter(Cell::measured).findFirst().ifPresent(c -> {
                f.put("kernel", c.summary().kernel());
                f.put("accelerator", c.summary().accel());
            });
        }
        return f;
    }

    private static void put(Map<String, String> f, String label, JsonNode v) {
        if (!v.isMissingNode() && !v.isNull()) {
            f.put(label, v.asText());
        }
    }

    private static Map<String, JsonNode> fields(JsonNode obj) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** "not found" for a missing file, else the exception's first line. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "not found";
        }
        return "unreadable (" + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()) + ")";
    }
}
