package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.image.Image;
import hapmeter.source.DebianSource;
import hapmeter.source.SourceIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The source index of every kernel of a campaign, found in the cache or built once before the first boot, so that
 * the report shows lines, complexity, HAP and subsystems by default. It needs no test machine and never costs a
 * measurement: an index that cannot be had is one warning line saying why and how to build it later.
 */
final class SourceIndexes {
    /** Finds or builds the index of kernel RELEASE: {@link #DEBIAN} in a campaign, a stand-in in tests. */
    interface Indexer {
        DebianSource.Outcome index(String release, Consumer<String> progress);
    }

    static final Indexer DEBIAN = (release, progress) ->
            DebianSource.index(release, Home.cache(), SourceIndex.defaultRoot(), false, progress);

    /**
     * What became of one kernel's index. STATE: cached, built, failed or skipped; SECONDS what it cost this run;
     * SOURCE the source package measured (cached, built); REASON why it failed or was skipped.
     */
    record Outcome(String state, double seconds, String source, String reason) {
        /** As campaign.json records it, under kernels.RELEASE.source_index. */
        Map<String, Object> record() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", state);
            m.put("s", seconds);
            if (source != null) {
                m.put("source", source);
            }
            if (reason != null) {
                m.put("reason", reason);
            }
            return m;
        }
    }

    private SourceIndexes() {
    }

    /** Each kernel's outcome by release; IMAGES are OPT's kernels' images, in the same order. */
    static Map<String, Outcome> prepare(RunOptions opt, List<Image> images, Indexer indexer, Consumer<String> progress) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        String skip = opt.noSource() ? "--no-source" : opt.perf() != null ? "a throughput campaign" : null;
        if (skip != null) {
            progress.accept("source: indexes not looked for (" + skip + ")");
            images.forEach(i -> out.put(i.kernelVersion(), new Outcome("skipped", 0, null, skip)));
            return out;
        }
        for (int i = 0; i < images.size(); i++) {
            String release = images.get(i).kernelVersion();
            out.put(release, Files.isDirectory(Path.of(opt.kernels().get(i))) ? ownKernel(release, progress)
                    : find(release, indexer, progress));
        }
        return out;
    }

    private static Outcome ownKernel(String release, Consumer<String> progress) {
        // Its source is the user's, not a Debian package's; a Debian tree of the same release would be another kernel.
        String why = "a kernel directory of your own has no Debian source package";
        progress.accept("source: no index for " + release + ": " + why);
        return new Outcome("skipped", 0, null, why);
    }

    private static Outcome find(String release, Indexer indexer, Consumer<String> progress) {
        long t = System.nanoTime();
        try {
            DebianSource.Outcome o = indexer.index(release, m -> progress.accept("source: " + m));
            double s = Timing.since(t);
            String source = o.index().meta().source();
            progress.accept(o.cached() ? String.format("source: index of %s cached (%s), %.1f s", release, source, s)
                    : String.format("source: index of %s built in %.1f s (%s; %s)", release, s, source, o.steps()));
            return new Outcome(o.cached() ? "cached" : "built", s, source, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            // The index's half a million definitions are the one large allocation here, and gone with the failure.
            String why = (e instanceof HapmeterException ? e.getMessage() : e.toString()).lines().findFirst().orElse("");
            progress.accept("source: WARNING: no index for " + release + " (" + why + "): the report will lack lines, "
                    + "complexity, HAP and subsystems; build it later with ./hapmeter source index --kernel " + release);
            return new Outcome("failed", Timing.since(t), null, why);
        }
    }
}
