package hapmeter.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning the image cache keeps the most recently used images per kernel and removes unfinished builds. */
class ImageCacheTest {
    @TempDir
    Path cache;

    /** An image directory as the builder leaves it, last used MINUTES_AGO (no inputs.txt: unfinished). */
    private Path image(String name, int minutesAgo, boolean finished) throws IOException {
        Path d = Files.createDirectories(cache.resolve("images").resolve(name));
        Files.write(d.resolve("vmlinuz"), new byte[1000]);
        if (finished) {
            Path stamp = Files.writeString(d.resolve("inputs.txt"), "inputs\n");
            Files.setLastModifiedTime(stamp, FileTime.fromMillis(System.currentTimeMillis() - minutesAgo * 60_000L));
        }
        return d;
    }

    private List<String> prunable(int keep) {
        return ImageCache.prunable(cache, keep).stream().map(e -> e.dir().getFileName().toString()).sorted().toList();
    }

    @Test
    void keepsTheMostRecentlyUsedPerKernelAndDropsUnfinishedBuilds() throws IOException {
        Path oldest = image("6.1.0-56-amd64-aaaaaaaaaaaaaaaa", 30, true);
        image("6.1.0-56-amd64-bbbbbbbbbbbbbbbb", 20, true);
        image("6.1.0-56-amd64-cccccccccccccccc", 10, true);
        image("6.12.107+deb12-amd64-dddddddddddddddd", 60, true);
        image("6.1.0-56-amd64-eeeeeeeeeeeeeeee.tmp", 0, false);
        image("6.1.0-56-amd64-ffffffffffffffff", 0, false);
        Files.createDirectories(cache.resolve("images").resolve("not-an-image"));

        assertEquals(List.of("6.1.0-56-amd64-aaaaaaaaaaaaaaaa", "6.1.0-56-amd64-eeeeeeeeeeeeeeee.tmp",
                "6.1.0-56-amd64-ffffffffffffffff"), prunable(2));
        assertEquals(List.of("6.1.0-56-amd64-aaaaaaaaaaaaaaaa", "6.1.0-56-amd64-bbbbbbbbbbbbbbbb",
                "6.1.0-56-amd64-eeeeeeeeeeeeeeee.tmp", "6.1.0-56-amd64-ffffffffffffffff"), prunable(1));

        // Served from the cache again, the oldest becomes the newest.
        ImageCache.touch(oldest);
        assertEquals(List.of("6.1.0-56-amd64-bbbbbbbbbbbbbbbb", "6.1.0-56-amd64-eeeeeeeeeeeeeeee.tmp",
                "6.1.0-56-amd64-ffffffffffffffff"), prunable(2));

        long freed = ImageCache.delete(ImageCache.prunable(cache, 2));
        assertEquals(3 * 1000 + "inputs\n".length(), freed);
        assertFalse(Files.exists(cache.resolve("images/6.1.0-56-amd64-bbbbbbbbbbbbbbbb")));
        assertTrue(Files.exists(oldest.resolve("vmlinuz")));
        assertTrue(Files.exists(cache.resolve("images/6.12.107+deb12-amd64-dddddddddddddddd")));
        assertTrue(Files.exists(cache.resolve("images/not-an-image")));
        assertEquals(List.of(), prunable(2));
    }

    @Test
    void keepBelowOneIsRefused() {
        assertEquals("--keep must be at least 1 (the image a run is about to use)",
                assertThrows(HapmeterException.class, () -> ImageCache.prunable(cache, 0)).getMessage());
    }
}
