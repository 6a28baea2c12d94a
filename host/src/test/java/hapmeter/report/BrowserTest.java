package hapmeter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser (Debian's headless Chromium): the figure decodes and the tables are in the
 * rendered DOM. Keeps a screenshot in target/report-screenshots/ to look at. Skipped without /usr/bin/chromium.
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path ARTIFACTS = Path.of("target/report-screenshots");

    @TempDir
    Path tmp;

    /** Runs chromium headless on PAGE with ARGS; its stdout. */
    private String chromium(Path page, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(Files.createTempFile(tmp, "chromium", ".err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void theReportRendersWithItsFigureAndTables() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install chromium)");
        Path run = RunFixtures.copy("full", tmp);
        Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES, RunFixtures.RUNS.resolve("perf"));
        Path html = run.resolve("report.html");

        String dom = chromium(html, "--dump-dom");
        assertTrue(dom.contains("data-images-ok=\"true\""), "an image did not decode:\n" + head(dom));
        assertTrue(dom.contains("<img id=\"figure4-img\""), head(dom));
        assertTrue(dom.contains("<img id=\"figure-subsystems-img\""), head(dom));
        assertTrue(dom.contains("<img id=\"throughput-img\""), head(dom));
        for (String id : List.of("table1_counts", "reference_values", "reference_ratios", "substrings_network",
                "substrings_virtualization", "syscalls", "code_size", "source_size", "subsystems", "throughput")) {
            assertTrue(dom.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(dom.contains("<td>socket</td>") && dom.contains("<td>kvm</td>"));

        Files.createDirectories(ARTIFACTS);
        Path shot = ARTIFACTS.resolve("report-full.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(html, "--screenshot=" + shot, "--window-size=1280,2000");
        assertTrue(Files.size(shot) > 10_000, "screenshot too small to show anything");

        Path partial = RunFixtures.copy("partial", tmp);
        Report.write(partial, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        String partialDom = chromium(partial.resolve("report.html"), "--dump-dom");
        assertTrue(partialDom.contains("data-images-ok=\"true\""));
        assertTrue(partialDom.contains("<section id=\"missing\" class=\"missing\">"));
        chromium(partial.resolve("report.html"), "--screenshot=" + ARTIFACTS.resolve("report-partial.png").toAbsolutePath(),
                "--window-size=1280,1400");
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
