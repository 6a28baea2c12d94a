package hapmeter.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hapmeter.HapmeterException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad kernels fail early, in one line, before any download; apt is asked only what it knows locally. */
class DebianSourceTest {
    @TempDir
    Path tmp;

    private HapmeterException index(String release) {
        return assertThrows(HapmeterException.class,
                () -> DebianSource.index(release, tmp.resolve("cache"), tmp.resolve("indexes"), false, m -> { }));
    }

    @Test
    void aKernelWithoutSourcePackage() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-cache")), "no apt-cache");
        HapmeterException e = index("9.9.0-1-amd64");
        assertTrue(e.getMessage().startsWith("no Debian source package linux-source-9.9 for kernel 9.9.0-1-amd64: "
                + "apt knows "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing downloaded");
    }

    @Test
    void aRegisteredReleaseIsFoundWithoutAptOrItsPackage() {
        long t = System.nanoTime();
        DebianSource.Outcome o = DebianSource.index(SourceFixtures.KERNEL, tmp.resolve("cache"), SourceFixtures.INDEXES,
                false, m -> { });
        assertTrue(o.cached());
        assertEquals(SourceFixtures.SOURCE, o.index().meta().source());
        assertEquals("", o.steps());
        assertFalse(Files.exists(tmp.resolve("cache")), "the kernel package was fetched");
        assertTrue(System.nanoTime() - t < 2_000_000_000L, "a cache hit took " + (System.nanoTime() - t) / 1e9 + " s");
    }

    @Test
    void notAKernelRelease() {
        assertEquals("not a kernel release: 'latest' (e.g. 6.1.0-56-amd64)", index("latest").getMessage());
    }

    @Test
    void architectureOfARelease() {
        assertEquals("x86", DebianSource.arch("6.1.0-56-amd64"));
        assertEquals("x86", DebianSource.arch("6.1.0-56-686-pae"));
        assertEquals("arm64", DebianSource.arch("6.1.0-56-arm64"));
    }
}
