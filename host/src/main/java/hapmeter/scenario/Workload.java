package hapmeter.scenario;

import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A workload from vm-configs/workloads/NAME.json: what the host asks a scenario's server (the
 * measured request) and how it loads it for throughput. Scenarios name theirs ("http" when they
 * do not); the protocol picks the client code, the file gives its requests.
 *
 * @param path http: the path of the GET
 * @param valueBytes redis: the size of the value that "${value}" in COMMANDS stands for
 * @param commands redis: the commands sent on one connection, in order
 * @param benchmark redis: the load generator run from the host
 */
public record Workload(String name, String description, String protocol, String path, int valueBytes,
        List<List<String>> commands, Benchmark benchmark) {

    public static final Set<String> PROTOCOLS = new TreeSet<>(List.of("http", "redis"));

    /**
     * An external load generator: COMMAND with ${host}, ${port}, ${connections} and ${requests}
     * (REQUESTS per test), run again and again until a run's duration is over.
     */
    public record Benchmark(List<String> command, int requests) {
    }

    public Workload {
        commands = commands == null ? List.of() : commands;
    }

    /** The client for this workload; HTTP is the --client choice (wget or java). */
    public Client client(HttpClient http) {
        return switch (protocol) {
            case "http" -> new HttpRequests(http, path);
            case "redis" -> new RedisClient(commands, valueBytes, benchmark);
            default -> throw new IllegalStateException(protocol);
        };
    }

    public static Workload load(Path file) {
        Workload w;
        try {
            w = Json.MAPPER.readValue(file.toFile(), Workload.class);
        } catch (IOException e) {
            throw new HapmeterException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.json$", "");
        check(file, "name", base.equals(w.name()), "must equal the file name '" + base + "'");
        check(file, "protocol", w.protocol() != null && PROTOCOLS.contains(w.protocol()), "must be one of " + PROTOCOLS);
        if (w.protocol().equals("http")) {
            check(file, "path", w.path() != null && w.path().startsWith("/"), "must start with / for protocol http");
        } else {
            check(file, "commands", !w.commands().isEmpty() && w.commands().stream()
                    .allMatch(c -> c != null && !c.isEmpty() && c.stream().allMatch(Objects::nonNull)),
                    "must be a non-empty list of non-empty commands for protocol redis");
            check(file, "value_bytes", w.valueBytes() > 0
                    || w.commands().stream().flatMap(List::stream).noneMatch(a -> a.contains("${value}")),
                    "must be > 0 when a command uses ${value}");
            check(file, "benchmark", w.benchmark() != null && w.benchmark().command() != null
                    && !w.benchmark().command().isEmpty() && w.benchmark().requests() > 0,
                    "needs command and requests > 0 for protocol redis");
        }
        return w;
    }

    private static void check(Path file, String field, boolean ok, String reason) {
        if (!ok) {
            throw new HapmeterException(file + ": field '" + field + "' " + reason);
        }
    }

    /** All workloads in DIR, by name. */
    public static TreeMap<String, Workload> loadAll(Path dir) {
        TreeMap<String, Workload> all = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
                Workload w = load(f);
                all.put(w.name(), w);
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot list workloads in " + dir + ": " + e.getMessage(), e);
        }
        return all;
    }
}
