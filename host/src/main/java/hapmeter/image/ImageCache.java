package hapmeter.image;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cached images (CACHE/images/KERNEL-DIGEST16/): each is some 200 MB and every change of an
 * input makes a new one. An image's last use is the time of its inputs.txt, which the builder
 * touches whenever it serves the image from the cache.
 */
public final class ImageCache {
    private static final Pattern NAME = Pattern.compile("(.+)-([0-9a-f]{16})");
    private static final String STAMP = "inputs.txt";

    private ImageCache() {
    }

    /** One cached image (or the leftover of a build that never finished: no inputs.txt, or *.tmp). */
    public record Entry(Path dir, String kernel, FileTime lastUsed, long bytes, boolean complete) {
        /** The first 16 hex digits of the image's digest, as its directory name ends. */
        public String digest() {
            String name = dir.getFileName().toString().replaceFirst("\\.tmp$", "");
            return name.substring(name.length() - 16);
        }
    }

    /** Marks the image in DIR as used now. */
    static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir.resolve(STAMP), FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only pruning reads it: an image never marked is pruned first, which is all it costs
        }
    }

    /** The images under CACHE/images, by kernel, most recently used first. */
    public static Map<String, List<Entry>> list(Path cache) {
        Path images = cache.resolve("images");
        Map<String, List<Entry>> byKernel = new TreeMap<>();
        if (!Files.isDirectory(images)) {
            return byKernel;
        }
        try (Stream<Path> dirs = Files.list(images)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory).sorted()::iterator) {
                String name = d.getFileName().toString();
                boolean tmp = name.endsWith(".tmp");
                Matcher m = NAME.matcher(tmp ? name.substring(0, name.length() - 4) : name);
                if (!m.matches()) {
                    continue;
                }
                boolean complete = !tmp && Files.isRegularFile(d.resolve(STAMP));
                FileTime used = Files.getLastModifiedTime(complete ? d.resolve(STAMP) : d);
                byKernel.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Entry(d, m.group(1), used, size(d),
                        complete));
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot list " + images + ": " + e.getMessage(), e);
        }
        byKernel.values().forEach(l -> l.sort(Comparator.comparing(Entry::lastUsed).reversed()));
        return byKernel;
    }

    /**
     * What pruning CACHE removes: per kernel, every complete image but the KEEP most recently used,
     * and every unfinished build.
     */
    public static List<Entry> prunable(Path cache, int keep) {
        if (keep < 1) {
            throw new HapmeterException("--keep must be at least 1 (the image a run is about to use)");
        }
        List<Entry> out = new ArrayList<>();
        for (List<Entry> entries : list(cache).values()) {
            int kept = 0;
            for (Entry e : entries) {
                if (!e.complete() || ++kept > keep) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Deletes ENTRIES; returns the bytes freed. */
    public static long delete(List<Entry> entries) {
        long freed = 0;
        for (Entry e : entries) {
            try {
                Digests.deleteTree(e.dir());
            } catch (IOException ex) {
                throw new HapmeterException("cannot delete " + e.dir() + ": " + ex.getMessage(), ex);
            }
            freed += e.bytes();
        }
        return freed;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
