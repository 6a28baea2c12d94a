package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.Exec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed while its test VM is up leaves no QEMU behind: SIGTERM (like Ctrl-C) through the
 * shutdown hook, SIGKILL through the kernel's parent-death signal.
 */
class QemuNeverLeaksTest {
    @TempDir
    Path results;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "KILL"})
    void killedRunLeavesNoQemu(String signal) throws IOException, InterruptedException {
        Process run = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), "hapmeter.cli.HapmeterCli",
                "run", "--no-source", "--scenarios", "socket", "--accel", "tcg", "--results", results.toString(), "--run-id", "k")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("boot: tcg")) {
                // wait until QEMU is being started
            }
            assertTrue(line != null, "the run ended before booting");
            String qemu = "";
            for (int i = 0; i < 100 && qemu.isEmpty(); i++) {
                qemu = Exec.run(null, List.of("pgrep", "-f", "qemu-system.*" + results)).output().strip();
                Thread.sleep(100);
            }
            assertTrue(!qemu.isEmpty(), "QEMU never started");
            Exec.check(null, List.of("kill", "-" + signal, Long.toString(run.pid())));
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "the run did not end on SIG" + signal);
            for (int i = 0; i < 50 && Exec.run(null, List.of("kill", "-0", qemu)).exit() == 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(1, Exec.run(null, List.of("pgrep", "-f", "qemu-system.*" + results)).exit(),
                    "QEMU " + qemu + " survived SIG" + signal);
        } finally {
            run.destroyForcibly();
        }
    }
}
