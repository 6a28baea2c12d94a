package hapmeter.results;

import hapmeter.HapmeterException;
import hapmeter.Json;
import hapmeter.analysis.SetStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throughput cell's result (perf.json): requests per second of each run, their median and
 * spread ((max - min) / median), and each run's good and failed requests, measured from the host
 * with nothing armed in the test VM. WORKLOAD loaded it; ratios are taken against its BASELINE
 * scenario (null in perf.json files from before workloads: http's, socket).
 */
public record PerfResult(String scenario, String workload, String baseline, String kernel, String accel,
        int durationS, int connections,
        List<Double> requestsPerS, double median, double min, double max, double spread, List<Long> requests,
        List<Long> failed) {

    public static PerfResult of(String scenario, String workload, String baseline, String kernel, String accel,
            int durationS, int connections, List<Double> perSecond, List<Long> requests, List<Long> failed) {
        double median = SetStats.median(perSecond);
        double min = perSecond.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = perSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return new PerfResult(scenario, workload, baseline, kernel, accel, durationS, connections, perSecond, median, min, max,
                median > 0 ? (max - min) / median : 0, requests, failed);
    }

    /** The scenario this one's ratio is taken against. */
    public String baselineScenario() {
        return baseline == null ? "socket" : baseline;
    }

    /** CELL_DIR/perf.json, or null if the cell has none. */
    public static PerfResult read(Path cellDir) {
        Path f = cellDir.resolve("perf.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(f.toFile(), PerfResult.class);
        } catch (IOException e) {
            throw new HapmeterException("unreadable " + f + ": " + e.getMessage(), e);
        }
    }
}
