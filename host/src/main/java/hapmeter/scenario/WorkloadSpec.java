package hapmeter.scenario;

import hapmeter.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A workload from vm-configs/workloads/NAME.json: what the host asks a scenario's server (the
 * measured request) and how it loads it for throughput. Scenarios name theirs ("http" when they
 * do not); the protocol picks the client code, the file gives its requests.
 *
 * @param baseline the scenario whose throughput the others of this workload are relative to: the
 *     same server as a plain process on kernel sockets
 * @param path http: the path of the GET
 * @param valueBytes redis: the size of the value that "${value}" in COMMANDS stands for
 * @param commands redis: the commands sent on one connection, in order
 * @param benchmark redis: the load generator run from the host
 */
public record WorkloadSpec(String name, String description, String protocol, String baseline, String path,
        int valueBytes, List<List<String>> commands, Benchmark benchmark) {

    public static final Set<String> PROTOCOLS = new TreeSet<>(List.of("http", "redis"));

    /**
     * An external load generator: COMMAND with ${host}, ${port}, ${connections}, ${requests}
     * (REQUESTS per test) and ${value_bytes}, run again and again until a run's duration is over.
     */
    public record Benchmark(List<String> command, int requests) {
    }

    public WorkloadSpec {
        commands = commands == null ? List.of() : commands;
    }

    /** The client for this workload; HTTP is the --client choice (wget or java). */
    public Client client(HttpClient http) {
        return switch (protocol) {
            case "http" -> new HttpRequests(http, this);
            case "redis" -> new RedisClient(this);
            default -> throw new IllegalStateException(protocol);
        };
    }

    public static WorkloadSpec load(Path file) {
        WorkloadSpec w = ConfigFiles.read(file, WorkloadSpec.class);
        ConfigFiles.checkName(file, w.name());
        ConfigFiles.check(file, "protocol", w.protocol() != null && PROTOCOLS.contains(w.protocol()),
                "must be one of " + PROTOCOLS);
        ConfigFiles.check(file, "baseline", w.baseline() != null, "must name a scenario (the plain-process one)");
        if (w.protocol().equals("http")) {
            ConfigFiles.check(file, "path", w.path() != null && w.path().startsWith("/"), "must start with / for protocol http");
        } else {
            ConfigFiles.check(file, "commands", !w.commands().isEmpty() && w.commands().stream()
                    .allMatch(c -> c != null && !c.isEmpty() && c.stream().allMatch(Objects::nonNull)),
                    "must be a non-empty list of non-empty commands for protocol redis");
            ConfigFiles.check(file, "value_bytes", w.valueBytes() > 0
                    || w.commands().stream().flatMap(List::stream).noneMatch(a -> a.contains("${value}")),
                    "must be > 0 when a command uses ${value}");
            ConfigFiles.check(file, "benchmark", w.benchmark() != null && w.benchmark().command() != null
                    && !w.benchmark().command().isEmpty() && w.benchmark().requests() > 0,
                    "needs command and requests > 0 for protocol redis");
            ConfigFiles.check(file, "benchmark", w.benchmark().command().contains("${requests}"),
                    "command must pass ${requests} (each test's count of requests)");
        }
        return w;
    }

    /** All workloads in DIR, by name. */
    public static TreeMap<String, WorkloadSpec> loadAll(Path dir) {
        return ConfigFiles.loadAll(dir, "workloads", WorkloadSpec::load);
    }
}
