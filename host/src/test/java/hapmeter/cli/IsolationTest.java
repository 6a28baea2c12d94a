package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One boot of the real test VM under TCG measures the rows beyond the paper's four: the socket
 * server in an OCI container under runc (Docker's seccomp profile), crun and gVisor (runsc,
 * ptrace platform; the KVM platform is skipped under TCG), the nabla-like seccomp'd tap server,
 * and the redis workload as a process, under runc and under runsc; each test checks one scenario.
 */
class IsolationTest {
    @TempDir
    static Path results;

    private static CliHarness.Outcome outcome;
    private static Path run;

    @BeforeAll
    static void runCampaign() {
        outcome = CliHarness.run("run", "--no-source", "--accel", "tcg", "--scenarios",
                "runc,runsc-ptrace,tap-seccomp,crun,runsc-kvm,redis,redis-runc,redis-runsc", "--results", results.toString(),
                "--run-id", "containers");
        run = results.resolve("containers");
    }

    @Test
    void runc() throws IOException {
        // runc (a Go program: several threads) and the container's process.
        dockerLike("runc", 3);
    }

    @Test
    void crun() throws IOException {
        // crun (one thread) and the container's process.
        dockerLike("crun", 2);
    }

    @Test
    void runscKvmIsSkippedUnderTcgWithItsReason() throws IOException {
        assertEquals(0, outcome.exit(), outcome.err());
        JsonNode cell = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells").get("runsc-kvm");
        assertEquals("skipped", cell.get("state").asText(), cell.toString());
        assertTrue(cell.get("reason").asText().startsWith("needs the test VM under kvm (this one runs under tcg): "),
                cell.toString());
    }

    @Test
    void redis() throws IOException {
        JsonNode s = measured("redis");
        assertEquals("redis", s.get("client").asText());
        List<String> functions = functions("redis");
        assertTrue(functions.contains("tcp_sendmsg") && functions.contains("tcp_recvmsg"), "redis's TCP not traced");
        assertTrue(functions.stream().noneMatch(f -> f.contains("seccomp")), "a seccomp filter on a plain process");
        // redis-server's main thread and its background threads (bio, jemalloc).
        assertTrue(s.get("traced_pids").size() >= 3, "redis's threads not traced: " + s.get("traced_pids"));
    }

    @Test
    void redisRunc() throws IOException {
        // runc's threads, and redis's.
        dockerLike("redis-runc", 6);
    }

    @Test
    void redisRunsc() throws IOException {
        gvisorPtrace("redis-runsc");
    }

    @Test
    void runscPtrace() throws IOException {
        gvisorPtrace("runsc-ptrace");
    }

    @Test
    void tapSeccomp() throws IOException {
        JsonNode s = measured("tap-seccomp");
        // Confined to the shipped allowlist, it still served the page through the tap.
        List<String> allowed = Files.readAllLines(Path.of("../images/workload/tap.allow")).stream()
                .map(l -> "__x64_sys_" + l.split(" ")[1]).toList();
        List<String> functions = functions("tap-seccomp");
        assertTrue(functions.contains("tun_chr_write_iter"), "the reply never went out through the tap");
        // The filter was really on: every syscall of the request went through it (without it, the rest passes too).
        assertTrue(functions.contains("__seccomp_filter"), "no seccomp filter ran: the server was not confined");
        assertTrue(functions.stream().noneMatch(f -> f.startsWith("__x64_sys_") && !allowed.contains(f)),
                "a syscall outside the allowlist ran: " + functions.stream().filter(f -> f.startsWith("__x64_sys_")).toList());
        assertTrue(s.get("traced_pids").size() >= 3, "lwIP's threads not traced: " + s.get("traced_pids"));
    }

    /**
     * A container row of a runtime like docker's: the server answered through kernel TCP, its
     * syscalls went through a seccomp filter (Docker's profile in the bundle was applied), and
     * the runtime's and the container's tasks were traced (at least MIN_PIDS).
     */
    private static void dockerLike(String scenario, int minPids) throws IOException {
        JsonNode s = measured(scenario);
        List<String> functions = functions(scenario);
        assertTrue(functions.contains("tcp_sendmsg"), "the container's reply was not traced");
        assertTrue(functions.contains("__seccomp_filter"), "no seccomp filter ran: the bundle's profile was not applied");
        assertTrue(s.get("traced_pids").size() >= minPids, "the runtime or its container not traced: " + s.get("traced_pids"));
    }

    /**
     * A gVisor row (ptrace platform, host network): the sentry served the socket on the kernel's
     * TCP and ran the application under ptrace; runsc, its gofer, the sentry and its stubs, each
     * with threads, were traced.
     */
    private static void gvisorPtrace(String scenario) throws IOException {
        JsonNode s = measured(scenario);
        List<String> functions = functions(scenario);
        assertTrue(functions.contains("tcp_sendmsg"), "the sentry's reply was not traced");
        assertTrue(functions.stream().anyMatch(f -> f.startsWith("ptrace_")), "no ptrace function: the stubs were not traced");
        assertTrue(s.get("traced_pids").size() >= 10, "the sandbox's processes not traced: " + s.get("traced_pids"));
    }

    private static JsonNode measured(String scenario) throws IOException {
        assertEquals(0, outcome.exit(), outcome.err());
        return MeasuredCell.check(run, scenario, results);
    }

    private static List<String> functions(String scenario) throws IOException {
        return Files.readAllLines(run.resolve(scenario).resolve("functions.txt"));
    }
}
