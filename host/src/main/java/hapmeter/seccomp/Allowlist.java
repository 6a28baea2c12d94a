package hapmeter.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.HapmeterException;
import hapmeter.Json;
import hapmeter.Home;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A seccomp allowlist from a measured cell: exactly the syscalls its traced tasks entered in its
 * windows (request rounds and idle), as "NR NAME" lines for x86_64, which the server's
 * HAPMETER_SECCOMP filter reads. The numbers come from the kernel headers of this machine
 * (linux-libc-dev), the names from the trace.
 */
public final class Allowlist {
    public static final Path UNISTD = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    private static final Pattern DEFINE = Pattern.compile("#define __NR_(\\w+)\\s+(\\d+)");

    private Allowlist() {
    }

    /** Syscall name -> number, from UNISTD_H. */
    static Map<String, Integer> numbers(Path unistdH) {
        Map<String, Integer> nrs = new TreeMap<>();
        try {
            Matcher m = DEFINE.matcher(Files.readString(unistdH));
            while (m.find()) {
                nrs.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot read syscall numbers from " + unistdH + " (install linux-libc-dev): "
                    + e.getMessage(), e);
        }
        return nrs;
    }

    private static boolean recorded(JsonNode idle) {
        return idle != null && idle.get("functions_raw").asInt() > 0;
    }

    /** The allowlist lines for CELL (a cell directory with summary.json and its traces), sorted by number. */
    public static List<String> of(Path cell, Path unistdH) {
        Set<String> names = new TreeSet<>();
        try {
            JsonNode summary = Json.MAPPER.readTree(cell.resolve("summary.json").toFile());
            Set<Integer> pids = new TreeSet<>();
            summary.get("traced_pids").forEach(p -> pids.add(p.asInt()));
            // The request rounds, and each idle window that recorded anything (an idle window may rightly hold no
            // event at all: its trace has no call line to scan).
            List<String> windows = new ArrayList<>(List.of("trace(-\\d+)?"));
            if (recorded(summary.get("idle"))) {
                windows.add("idle-trace");
            }
            if (recorded(summary.get("idle_after"))) {
                windows.add("idle-after-trace");
            }
            String traces = "(" + String.join("|", windows) + ")\\.txt\\.gz";
            TraceAnalyzer analyzer = new TraceAnalyzer(InterruptRules.load(Home.vmConfigs().resolve("rules/interrupts.json")));
            try (Stream<Path> files = Files.list(cell)) {
                for (Path t : (Iterable<Path>) files.filter(f -> f.getFileName().toString().matches(traces)).sorted()::iterator) {
                    names.addAll(analyzer.syscalls(t, pids).calls().keySet());
                }
            }
        } catch (IOException e) {
            throw new HapmeterException(cell + " is not a measured cell: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new HapmeterException(cell + ": its traces show no syscall of the traced tasks");
        }
        Map<String, Integer> nrs = numbers(unistdH);
        List<String> unknown = names.stream().filter(n -> !nrs.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new HapmeterException(cell + ": no x86_64 syscall number for " + unknown + " in " + unistdH);
        }
        List<String> lines = new ArrayList<>();
        names.stream().sorted((a, b) -> nrs.get(a) - nrs.get(b)).forEach(n -> lines.add(nrs.get(n) + " " + n));
        return lines;
    }
}
