package hapmeter.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import hapmeter.HapmeterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel selectors against a fixed list of what apt offers, and once against this machine's apt-cache. */
class KernelSelectorTest {
    /** As `apt-cache search` prints them: releases of two lines, three flavours, a metapackage, out of order. */
    private static final OfferedKernels APT = OfferedKernels.parse(String.join("\n",
            "linux-image-6.12.100+deb12-amd64 - Linux 6.12 for 64-bit PCs (signed)",
            "linux-image-6.1.0-9-amd64 - Linux 6.1 for 64-bit PCs (signed)",
            "linux-image-6.1.0-47-amd64 - Linux 6.1 for 64-bit PCs (signed)",
            "linux-image-6.1.0-47-cloud-amd64 - Linux 6.1 for x86-64 cloud (signed)",
            "linux-image-6.1.0-47-rt-amd64 - Linux 6.1 for 64-bit PCs, PREEMPT_RT (signed)",
            "linux-image-6.12.9+deb12-amd64 - Linux 6.12 for 64-bit PCs (signed)",
            "linux-image-6.12.9+deb12-rt-amd64 - Linux 6.12 for 64-bit PCs, PREEMPT_RT (signed)",
            "linux-image-6.12-amd64 - Linux for 64-bit PCs (meta-package)", ""));

    @TempDir
    Path tmp;

    private static List<String> resolve(String... items) {
        return new KernelSelector(() -> APT).resolve(List.of(items));
    }

    @Test
    void releasesAreInVersionOrderNotStringOrder() {
        List<String> releases = new ArrayList<>(List.of("6.12.100+deb12-amd64", "6.1.0-47-amd64", "6.1.0-9-amd64",
                "6.12.9+deb12-amd64"));
        Collections.shuffle(releases);
        releases.sort(KernelRelease.ORDER);
        assertEquals(List.of("6.1.0-9-amd64", "6.1.0-47-amd64", "6.12.9+deb12-amd64", "6.12.100+deb12-amd64"), releases);
        assertEquals("6.1.0-56", KernelRelease.shortName("6.1.0-56-amd64"));
        assertEquals("6.12.107 rt", KernelRelease.shortName("6.12.107+deb12-rt-amd64"));
        assertEquals("6.12", KernelRelease.line("6.12.107+deb12-cloud-amd64"));
    }

    @Test
    void theMetapackageIsNoRelease() {
        assertEquals(7, APT.releases().size(), APT.releases().toString());
        assertEquals(List.of("amd64", "cloud-amd64", "rt-amd64"), APT.flavours());
        assertEquals("6.1: 6.1.0-9 … 6.1.0-47 (2); 6.12: 6.12.9+deb12 … 6.12.100+deb12 (2); flavours amd64, "
                + "cloud-amd64, rt-amd64", APT.summary());
    }

    @Test
    void aGlobSelectsTheAmd64FlavourUnlessItNamesOne() {
        assertEquals(List.of("6.1.0-9-amd64", "6.1.0-47-amd64"), resolve("debian:6.1.0-*"));
        assertEquals(List.of("6.12.9+deb12-amd64", "6.12.100+deb12-amd64"), resolve("debian:6.12.*"));
        assertEquals(List.of("6.1.0-47-rt-amd64", "6.12.9+deb12-rt-amd64"), resolve("debian:*-rt-amd64"));
        assertEquals(List.of("6.1.0-47-amd64", "6.1.0-47-cloud-amd64", "6.1.0-47-rt-amd64"),
                resolve("debian:6.1.0-4?-*amd64"));
    }

    @Test
    void latestIsTheNewestAmd64ReleaseOfAllLines() {
        assertEquals(List.of("6.12.100+deb12-amd64"), resolve("latest"));
    }

    @Test
    void aListIsMergedInVersionOrderWithoutDuplicatesPathsLast() throws Exception {
        Path userKernel = Files.createDirectories(tmp.resolve("my-kernel"));
        assertEquals(List.of("6.1.0-9-amd64", "6.1.0-47-amd64", "6.1.0-56-amd64", "6.12.9+deb12-amd64",
                        "6.12.100+deb12-amd64", "/x/linux-image.deb", userKernel.toString()),
                resolve("debian:6.12.*", "6.1.0-56-amd64", "/x/linux-image.deb", "latest", userKernel.toString(),
                        "debian:6.1.0-*", "6.1.0-47-amd64"));
    }

    @Test
    void exactReleasesAndPathsNeverAskApt() {
        KernelSelector noApt = new KernelSelector(() -> {
            throw new AssertionError("apt asked");
        });
        assertEquals(List.of("6.1.0-9-amd64", "6.1.0-56-amd64", "k.deb"),
                noApt.resolve(List.of("k.deb", "6.1.0-56-amd64", "6.1.0-9-amd64")));
    }

    @Test
    void aSelectorMatchingNothingSaysWhatAptOffers() {
        HapmeterException e = assertThrows(HapmeterException.class, () -> resolve("6.1.0-47-amd64", "debian:6.3.*"));
        assertEquals("kernel selector 'debian:6.3.*' matches nothing apt offers; apt offers " + APT.summary(),
                e.getMessage());
        HapmeterException none = assertThrows(HapmeterException.class,
                () -> new KernelSelector(() -> new OfferedKernels(List.of())).resolve(List.of("latest")));
        assertTrue(none.getMessage().endsWith("apt offers no linux-image release (run apt-get update?)"), none.getMessage());
        assertThrows(HapmeterException.class, () -> resolve("debian:"));
    }

    @Test
    void thisMachinesAptCache() {
        OfferedKernels here = OfferedKernels.query();
        assumeFalse(here.releases().isEmpty(), "apt-cache offers no linux-image release here");
        KernelSelector selector = new KernelSelector(OfferedKernels::query);
        List<String> amd64 = here.of("amd64");
        assertEquals(List.of(amd64.get(amd64.size() - 1)), selector.resolve(List.of("latest")));
        List<String> all = selector.resolve(List.of("debian:*"));
        assertEquals(amd64, all);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(KernelRelease.ORDER.compare(all.get(i - 1), all.get(i)) < 0, all.toString());
        }
        try (Stream<String> flavours = all.stream().map(KernelRelease::flavour)) {
            assertTrue(flavours.allMatch("amd64"::equals), all.toString());
        }
    }
}
