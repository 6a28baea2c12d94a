package hapmeter.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.Exec;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's HAPMETER_SECCOMP filter on this machine, with the shipped tap allowlist: the kernel
 * socket build needs accept and close beyond it, so under the list alone its first accept kills
 * it (SIGSYS, after it printed the syscall's number), and with those two added it serves the page.
 */
class SeccompTest {
    private static final Path SRC = Path.of("../images/workload");
    @TempDir
    static Path dir;
    private static Path server;

    @BeforeAll
    static void build() {
        server = dir.resolve("httpd-socket");
        Exec.check(SRC, List.of("gcc", "-O2", "-static", "-o", server.toString(), "server.c", "net_kernel.c", "http.c"));
    }

    @Test
    void shippedAllowlistHasNumbersAndNames() throws IOException {
        Map<String, Integer> nrs = Allowlist.numbers(Allowlist.UNISTD);
        for (String line : Files.readAllLines(SRC.resolve("tap.allow"))) {
            String[] f = line.split(" ");
            assertEquals(nrs.get(f[1]), Integer.valueOf(f[0]), line);
        }
    }

    @Test
    void aSyscallOutsideTheListKillsTheServer() throws Exception {
        Server s = start(List.of(), freePort());
        assertTrue(s.p().waitFor(10, TimeUnit.SECONDS), "the server outlived a forbidden accept");
        assertEquals(128 + 31, s.p().exitValue(), "not killed by SIGSYS: " + s.output());
        assertTrue(s.output().contains("listening"), "killed before it listened: " + s.output());
        // It named the syscall that killed it: the accept.
        Map<String, Integer> nrs = Allowlist.numbers(Allowlist.UNISTD);
        assertTrue(s.output().contains("seccomp: syscall " + nrs.get("accept") + " not allowed\n")
                || s.output().contains("seccomp: syscall " + nrs.get("accept4") + " not allowed\n"), s.output());
    }

    @Test
    void withTheSyscallsItNeedsItServes() throws Exception {
        int port = freePort();
        Server s = start(List.of("accept", "close"), port);
        try {
            for (int i = 0; i < 200 && s.p().isAlive() && !s.output().contains("listening"); i++) {
                Thread.sleep(25);
            }
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            assertEquals(1354, c.getInputStream().readAllBytes().length);
            assertTrue(s.p().isAlive(), s.output());
        } finally {
            s.p().destroyForcibly().waitFor();
        }
    }

    /** The server's process and the file its output goes to. */
    private record Server(Process p, Path out) {
        String output() throws IOException {
            return Files.readString(out);
        }
    }

    /** The server on PORT, confined to the shipped tap allowlist plus EXTRA. */
    private static Server start(List<String> extra, int port) throws IOException {
        Map<String, Integer> nrs = Allowlist.numbers(Allowlist.UNISTD);
        List<String> lines = new ArrayList<>(Files.readAllLines(SRC.resolve("tap.allow")));
        extra.forEach(n -> lines.add(nrs.get(n) + " " + n));
        Path list = Files.write(dir.resolve("allow-" + port), lines);
        Path out = dir.resolve("out-" + port);
        ProcessBuilder pb = new ProcessBuilder(server.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HAPMETER_SECCOMP", list.toString());
        return new Server(pb.start(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
