package hapmeter.report;

import static hapmeter.report.ReportTablesTest.REFERENCE;
import static hapmeter.report.ReportTablesTest.RULES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.Json;
import hapmeter.analysis.NablaReference;
import hapmeter.source.Attribution;
import hapmeter.source.Attribution.Location;
import hapmeter.source.SourceIndex;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nabla-measurements' statistics on the recorded runs: the sweep (two repeats of socket and tap on two kernels, one
 * of them indexed) for mean and sd, the four-scenario run for the grid, the orders and the charts.
 */
class NablaTablesTest {
    static final NablaReference NABLA = NablaReference.load(RunFixtures.CONFIGS.resolve("reference/nabla.json"));
    static final String INDEXED = "6.1.0-56-amd64";

    @TempDir
    Path tmp;

    private static Report.Content content(String run, NablaReference nabla) {
        return ReportTables.compute(RunData.load(RunFixtures.RUNS.resolve(run)), RULES, REFERENCE, nabla,
                RunFixtures.INDEXES);
    }

    /** Each stats row against the summary.json files of its repeats, and the complexity sums of the index. */
    @Test
    void statsAreMeanAndSampleSdOfTheRepeats() throws IOException {
        Table t = content("sweep", NABLA).table(NablaTables.STATS);
        assertEquals(4, t.rows().size());
        SourceIndex index = SourceIndex.forKernel(RunFixtures.INDEXES, INDEXED);
        for (List<Object> row : t.rows()) {
            String kernel = (String) row.get(0);
            List<Path> reps = repeats(RunFixtures.RUNS.resolve("sweep").resolve(kernel).resolve((String) row.get(1)));
            List<Double> totals = new ArrayList<>();
            List<Double> complexity = new ArrayList<>();
            for (Path rep : reps) {
                totals.add(Json.MAPPER.readTree(rep.resolve("summary.json").toFile()).get("functions_total").asDouble());
                List<String> fns = Files.readAllLines(rep.resolve("functions.txt"));
                Map<String, Location> where = Attribution.locate(index, index.config(INDEXED), f -> Set.of(), fns);
                complexity.add(fns.stream().map(where::get).filter(Location::found).mapToDouble(Location::complexity)
                        .filter(c -> !Double.isNaN(c)).sum());
            }
            Map<String, Object> r = row(t, row);
            assertEquals(reps.size(), r.get("n"));
            assertEquals(mean(totals), (Double) r.get("functions mean"), 1e-9);
            assertEquals(sampleSd(totals), (Double) r.get("functions sd"), 1e-9);
            if (kernel.equals(INDEXED)) {
                assertEquals(mean(complexity), (Double) r.get("complexity mean"), 1e-9);
                assertEquals(sampleSd(complexity), (Double) r.get("complexity sd"), 1e-9);
            } else {
                assertNull(r.get("complexity mean"), "no index for " + kernel);
            }
        }
        assertEquals(List.of("process", "-"), t.rows().stream().filter(r -> r.get(0).equals(INDEXED))
                .map(r -> r.get(2)).toList(), "socket stands for the process row, tap for none");
        assertTrue(t.notes().stream().anyMatch(n -> n.contains("Complexity left empty on 6.12.107+deb12-amd64")));
    }

    /** Every row x application has a value or says why not; ours is socket's count for process x our http server. */
    @Test
    void valuesSayWhatIsNotMeasured() throws IOException {
        Table t = content("full", NABLA).table(NablaTables.VALUES);
        assertEquals(NABLA.rows().size() * NABLA.applications().size(), t.rows().size());
        t.rows().forEach(r -> r.forEach(v -> assertFalse(v == null || v.toString().isBlank(), r.toString())));
        int socket = Json.MAPPER.readTree(RunFixtures.RUNS.resolve("full/socket/summary.json").toFile())
                .get("functions_total").asInt();
        assertEquals(String.format(Locale.ROOT, "%d.0 ± 0.0 (n=1)", socket), cell(t, "process", "http (ours)",
                "functions (ours)"));
        assertEquals(NablaTables.NOT_PUBLISHED, cell(t, "process", "node-express", "functions (theirs)"));
        assertEquals("not measured: node-express is not in this run", cell(t, "process", "node-express",
                "functions (ours)"));
        assertEquals("500", cell(t, "docker", "node-express", "functions (theirs)"));
        assertEquals("690", cell(t, "docker", "node-express", "complexity (theirs)"));
        assertEquals("not measured: node-express-runc-bridge is not in this run",
                cell(t, "docker", "node-express", "functions (ours)"));
        assertEquals("not measured: " + NABLA.rows().get("Kata-Firecracker").unmapped(),
                cell(t, "Kata-Firecracker", "redis", "functions (ours)"));
        assertEquals("not measured: node-express-runc is not in this run",
                cell(t, "docker-hostnet", "node-express", "functions (ours)"));
        assertEquals("not measured: needs a libOS this project cannot build here",
                cell(t, "nabla", "python-tornado", "functions (ours)"));
        assertEquals("not measured: needs a libOS this project cannot build here",
                cell(t, "nabla", "redis", "complexity (ours)"));
        assertEquals("not measured: tornado is not in this run", cell(t, "process", "python-tornado",
                "functions (ours)"));
        assertEquals("not measured: redis is not in this run", cell(t, "process", "redis", "functions (ours)"));
    }

    /**
     * With the published values of nabla.json and its rows mapped onto the fixture's four scenarios instead, each
     * order is theirs and ours sorted, and each of their pairs holds exactly when our means agree.
     */
    @Test
    void ordersAndPairsFollowTheValues() throws IOException {
        Map<String, String> onto = new LinkedHashMap<>(Map.of("docker", "tap", "gVisor-ptrace", "kvm",
                "Kata-QEMU", "qemu", "nabla", "socket"));
        Map<String, NablaReference.Row> rows = new LinkedHashMap<>();
        NABLA.rows().forEach((name, r) -> rows.put(name, new NablaReference.Row(onto.containsKey(name)
                ? Map.of("node-express", onto.get(name)) : Map.of(), r.unmapped(), r.note(), r.published())));
        NablaReference nabla = new NablaReference(NABLA.name(), NABLA.description(), NABLA.readingError(),
                NABLA.applications(), rows);
        Table t = content("full", nabla).table(NablaTables.ORDER);
        List<Object> node = t.rows().get(0);
        assertEquals("node-express", node.get(0));
        Map<String, Double> theirs = new LinkedHashMap<>();
        Map<String, Double> ours = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : onto.entrySet()) {
            theirs.put(e.getKey(), (double) NABLA.rows().get(e.getKey()).published().get("node-express").functions());
            ours.put(e.getKey(), Json.MAPPER.readTree(RunFixtures.RUNS.resolve("full").resolve(e.getValue())
                    .resolve("summary.json").toFile()).get("functions_total").asDouble());
        }
        assertEquals(order(ours), node.get(2), "ours over all our rows: these four");
        assertEquals(order(theirs), node.get(3));
        assertEquals(order(ours), node.get(4));
        List<String> rowsByTheirs = theirs.keySet().stream().sorted(Comparator.comparing(r -> -theirs.get(r))).toList();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < rowsByTheirs.size(); i++) {
            for (int j = i + 1; j < rowsByTheirs.size(); j++) {
                String a = rowsByTheirs.get(i);
                String b = rowsByTheirs.get(j);
                pairs.add(a + " > " + b + ": " + (ours.get(a) > ours.get(b) ? "holds" : "does not hold"));
            }
        }
        assertEquals(String.join("; ", pairs), node.get(5));
        assertTrue(node.get(5).toString().contains("docker > nabla: does not hold"), "tap has fewer than socket");
        List<Object> tornado = t.rows().get(2);
        assertEquals(List.of("python-tornado", "not measured", "fewer than two rows measured by both"),
                List.of(tornado.get(0), tornado.get(2), tornado.get(3)), "no tornado cell in the fixture");
    }

    /** Report.write draws both graphs when a cell is indexed, at their size, and lists the tables. */
    @Test
    void reportDrawsBothGraphs() throws IOException {
        Path run = RunFixtures.copy("full", tmp);
        Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        for (String id : List.of(NablaCharts.FUNCTIONS, NablaCharts.COMPLEXITY)) {
            BufferedImage png = ImageIO.read(run.resolve(id + ".png").toFile());
            assertNotNull(png, id);
            assertEquals(900, png.getWidth());
            assertEquals(520, png.getHeight());
            assertTrue(Files.readString(run.resolve(id + ".svg")).contains("<svg"));
        }
        for (String id : List.of(NablaTables.STATS, NablaTables.VALUES, NablaTables.ORDER)) {
            assertTrue(Files.isRegularFile(run.resolve("tables").resolve(id + ".csv")), id);
        }
        assertTrue(Files.readString(run.resolve("report.md")).contains("nabla-measurements: published values beside"));
    }

    /** A run without a scenario that stands for a row (tap alone) gets none of it. */
    @Test
    void nothingWithoutARow() throws IOException {
        Path run = tmp.resolve("tap-only");
        Path cell = RunFixtures.copy("full", tmp).resolve("tap");
        Files.createDirectories(run);
        Files.move(cell, run.resolve("tap"));
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        assertNull(o.content().table(NablaTables.STATS));
        try (Stream<Path> files = Files.walk(run)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nabla"))
                    .toList());
        }
    }

    private static String order(Map<String, Double> values) {
        return values.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .map(e -> e.getKey() + " (" + Math.round(e.getValue()) + ")").collect(Collectors.joining(" > "));
    }

    private static List<Path> repeats(Path scenario) throws IOException {
        try (Stream<Path> s = Files.list(scenario)) {
            return s.sorted().toList();
        }
    }

    private static Map<String, Object> row(Table t, List<Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < t.columns().size(); i++) {
            out.put(t.columns().get(i), row.get(i));
        }
        return out;
    }

    private static Object cell(Table t, String row, String app, String column) {
        return t.rows().stream().filter(r -> r.get(0).equals(row) && r.get(1).equals(app)).map(r -> row(t, r).get(column))
                .findFirst().orElseThrow();
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
    }

    private static double sampleSd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }
}
