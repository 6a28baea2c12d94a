package hapmeter.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import hapmeter.image.Image;
import hapmeter.source.DebianSource;
import hapmeter.source.SourceFixtures;
import hapmeter.source.SourceIndex;
import hapmeter.vm.Accel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign's source phase decides built, cached, skipped or failed per kernel, and never throws. */
class SourceIndexesTest {
    private static final String K1 = SourceFixtures.KERNEL;
    private static final String K2 = "6.12.107+deb12-amd64";
    private static final SourceIndexes.Indexer MUST_NOT_RUN = (r, p) -> {
        throw new AssertionError("the indexer ran for " + r);
    };

    @TempDir
    Path tmp;

    private final List<String> progress = new ArrayList<>();

    private Map<String, SourceIndexes.Outcome> prepare(RunOptions opt, SourceIndexes.Indexer indexer) {
        List<Image> images = opt.kernels().stream().map(k -> new Image(Files.isDirectory(Path.of(k)) ? K1 : k,
                tmp.resolve("bzImage"), tmp.resolve("initramfs.cpio"), "d", List.of(), tmp.resolve("modules.dep"), true))
                .toList();
        return SourceIndexes.prepare(opt, images, indexer, progress::add);
    }

    private static RunOptions options(List<String> kernels, boolean noSource, RunOptions.Perf perf) {
        return new RunOptions(Path.of("vm-configs"), List.of("socket"), kernels, Accel.TCG, Path.of("default.json"),
                Path.of("results"), "r", 0, null, "auto", "qemu-system-x86_64", 0, 1, false, null, 0, 20, null, null,
                perf, noSource);
    }

    /** The fixture index, as DebianSource would return it: built (with its steps' seconds) or found in the cache. */
    private static DebianSource.Outcome fixture(String release, boolean cached) {
        try {
            Map<String, Double> t = new LinkedHashMap<>();
            if (!cached) {
                t.put("download", 1.5);
                t.put("measure", 30.0);
            }
            t.put("total", 31.5);
            return new DebianSource.Outcome(SourceIndex.open(SourceFixtures.INDEX), cached, release, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCacheHitIsOneLine() {
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(K1), false, null), (r, p) -> fixture(r, true));
        assertEquals("cached", o.get(K1).state());
        assertEquals(SourceFixtures.SOURCE, o.get(K1).source());
        assertEquals(1, progress.size(), progress.toString());
        assertTrue(progress.get(0).startsWith("source: index of " + K1 + " cached (" + SourceFixtures.SOURCE + "), "),
                progress.get(0));
    }

    @Test
    void aBuildSaysWhatItCostAndPassesTheBuildersLinesOn() {
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(K1), false, null), (r, p) -> {
            p.accept("downloading linux-source-6.1 6.1.192-2");
            return fixture(r, false);
        });
        assertEquals("built", o.get(K1).state());
        assertEquals("source: downloading linux-source-6.1 6.1.192-2", progress.get(0));
        assertTrue(progress.get(1).matches("source: index of " + K1 + " built in \\d+\\.\\d s \\(linux-source-6\\.1 "
                + "6\\.1\\.192-2 \\(test subset\\); download 1\\.5 s, measure 30\\.0 s\\)"), progress.get(1));
        assertEquals(Map.of("state", "built", "s", o.get(K1).seconds(), "source", SourceFixtures.SOURCE),
                o.get(K1).record());
    }

    @Test
    void aFailureIsAWarningAndTheOtherKernelsStillGetTheirs() {
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(K2, K1), false, null), (r, p) -> {
            if (r.equals(K2)) {
                throw new HapmeterException("no Debian source package linux-source-6.12 for kernel " + K2
                        + ": apt knows linux-source-6.1 (run apt-get update?)");
            }
            return fixture(r, true);
        });
        assertEquals(List.of(K2, K1), List.copyOf(o.keySet()));
        assertEquals("failed", o.get(K2).state());
        assertEquals("cached", o.get(K1).state());
        assertTrue(o.get(K2).reason().startsWith("no Debian source package linux-source-6.12"), o.get(K2).reason());
        assertEquals("source: WARNING: no index for " + K2 + " (no Debian source package linux-source-6.12 for kernel "
                + K2 + ": apt knows linux-source-6.1 (run apt-get update?)): the report will lack lines, complexity, "
                + "HAP and subsystems; build it later with ./hapmeter source index --kernel " + K2, progress.get(0));
    }

    @Test
    void anUnexpectedErrorIsOneWarningLineToo() {
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(K1), false, null), (r, p) -> {
            throw new UncheckedIOException(new IOException("No space left on device\n  at the second line"));
        });
        assertEquals("failed", o.get(K1).state());
        assertEquals(1, progress.size(), progress.toString());
        assertTrue(progress.get(0).contains("No space left on device") && !progress.get(0).contains("second line"),
                progress.get(0));
        assertFalse(o.get(K1).reason().contains("\n"));
    }

    @Test
    void noSourceAsksNothing() {
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(K1, K2), true, null), MUST_NOT_RUN);
        assertEquals(List.of("skipped", "skipped"), o.values().stream().map(SourceIndexes.Outcome::state).toList());
        assertEquals(List.of("source: indexes not looked for (--no-source)"), progress);
        assertEquals(Map.of("state", "skipped", "s", 0.0, "reason", "--no-source"), o.get(K2).record());
    }

    @Test
    void aThroughputCampaignNeedsNoIndex() {
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(K1), false, new RunOptions.Perf(10, 3, 4)),
                MUST_NOT_RUN);
        assertEquals("a throughput campaign", o.get(K1).reason());
    }

    @Test
    void aKernelDirectoryOfYourOwnIsSkippedWithANote() throws IOException {
        Path own = Files.createDirectories(tmp.resolve("my-kernel"));
        Map<String, SourceIndexes.Outcome> o = prepare(options(List.of(own.toString()), false, null), MUST_NOT_RUN);
        assertEquals("skipped", o.get(K1).state());
        assertEquals(List.of("source: no index for " + K1 + ": a kernel directory of your own has no Debian source "
                + "package"), progress);
    }
}
