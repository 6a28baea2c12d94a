package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Exec;
import hapmeter.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into one real campaign: random bytes and broken frames on the probe's control line for the
 * whole run, and the results on a filesystem that fills up during the second cell. Each costs at most its own cell,
 * says why in one line, leaves no QEMU, and --resume then finishes the campaign without touching what was done.
 * (QEMU killed mid-cell: ResumeTest; a lost SSH connection: lab/ConnectionLossTest; an overrun: TrustedWindowTest.)
 */
class FaultTest {
    private static final Pattern PTY = Pattern.compile("char device redirected to (/dev/pts/\\d+) \\(label control\\)");

    @TempDir
    Path tmp;

    @Test
    void garbageOnTheLineAndAFullDiskCostOnlyTheirCells() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Exec.check(null, List.of("mount", "-t", "tmpfs", "-o", "size=64m", "hapmeter-fault", results.toString()));
        try {
            Path run = results.resolve("r");
            List<String> output = new ArrayList<>();
            Path filler = results.resolve("filler");
            Process p = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), "hapmeter.cli.HapmeterCli",
                    "run", "--no-source", "--scenarios", "socket,tap,qemu", "--accel", "tcg", "--results", results.toString(),
                    "--run-id", "r").redirectErrorStream(true).start();
            AtomicBoolean over = new AtomicBoolean();
            Thread noise = new Thread(() -> garble(run.resolve(".vm/qemu.log"), over), "line-noise");
            noise.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    output.add(line);
                    if (line.contains("] tap: start ")) {
                        fill(filler);
                    } else if (line.contains("] tap: FAILED") || line.contains("] 6.1.0") && line.contains("tap: FAILED")) {
                        Files.delete(filler);
                    }
                }
                assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            } finally {
                over.set(true);
                noise.join();
                p.destroyForcibly();
            }
            String all = String.join("\n", output);
            assertFalse(all.contains("\tat ") || all.contains("Exception in thread"), "a stack trace reached the user:\n" + all);
            assertEquals(1, Exec.run(null, List.of("pgrep", "-f", "qemu-system.*" + run)).exit(), "QEMU left running");
            JsonNode cells = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells");
            assertEquals("failed", cells.get("tap").get("state").asText(), all);
            String tapError = cells.get("tap").get("error").asText();
            assertTrue(tapError.contains("No space left on device"), tapError);
            for (JsonNode c : cells) {
                assertFalse(c.path("error").asText().contains("\n"), "a failure of more than one line: " + c);
            }
            Map<String, byte[]> done = new LinkedHashMap<>();
            for (String s : List.of("socket", "qemu")) {
                if (cells.get(s).get("state").asText().equals("done")) {
                    done.put(s, Files.readAllBytes(run.resolve(s + "/trace.txt.gz")));
                }
            }
            assertFalse(done.isEmpty(), "the noise on the line failed every cell:\n" + all);

            CliHarness.Outcome o = CliHarness.run("run", "--resume", run.toString());
            assertEquals(0, o.exit(), o.err());
            JsonNode after = Json.MAPPER.readTree(run.resolve("campaign.json").toFile()).get("cells");
            for (String s : List.of("socket", "tap", "qemu")) {
                assertEquals("done", after.get(s).get("state").asText(), s);
            }
            for (Map.Entry<String, byte[]> e : done.entrySet()) {
                assertTrue(java.util.Arrays.equals(e.getValue(), Files.readAllBytes(run.resolve(e.getKey() + "/trace.txt.gz"))),
                        e.getKey() + " was measured again");
            }
        } finally {
            Exec.run(null, List.of("umount", "-l", results.toString()));
        }
    }

    /** Until OVER: every 20 ms, random bytes or a frame with a broken checksum into the VM's control pty. */
    private static void garble(Path qemuLog, AtomicBoolean over) {
        Random random = new Random(20261130);
        String pty = null;
        while (!over.get()) {
            try {
                if (pty == null) {
                    Matcher m = Files.exists(qemuLog) ? PTY.matcher(Files.readString(qemuLog)) : null;
                    pty = m != null && m.find() ? m.group(1) : null;
                } else {
                    byte[] noise = random.nextBoolean()
                            ? ("#HM1 REQ " + random.nextInt(1000) + " ARM workload=socket 0000000" + random.nextInt(10) + "\n")
                                    .getBytes(StandardCharsets.US_ASCII)
                            : new byte[1 + random.nextInt(64)];
                    if (noise.length <= 64 && noise[0] != '#') {
                        random.nextBytes(noise);
                    }
                    try (OutputStream out = Files.newOutputStream(Path.of(pty))) {
                        out.write(noise);
                    }
                }
                Thread.sleep(20);
            } catch (IOException e) {
                pty = null; // the VM was replaced or is gone
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes FILE until the filesystem is full. */
    private static void fill(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] mb = new byte[1 << 20];
            while (true) {
                out.write(mb);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
