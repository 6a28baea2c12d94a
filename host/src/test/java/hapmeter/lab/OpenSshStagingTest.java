package hapmeter.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import hapmeter.image.Digests;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging to a lab host that runs a stock OpenSSH server, whose SFTP (version 3) cannot rename
 * over an existing file: files arrive whole and checked there, a second stage uploads nothing, a
 * changed file replaces the old one, and neither a failed nor a cut-off upload leaves a part.
 */
class OpenSshStagingTest {
    @TempDir
    static Path dir;
    static OpenSshHost lab;
    private final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void startLab() throws Exception {
        lab = OpenSshHost.start(dir);
    }

    @AfterAll
    static void stopLab() throws Exception {
        lab.close();
    }

    private SshLauncher connect() {
        return SshLauncher.connect(SshTarget.parse(lab.uri()), lab.identity, lab.knownHosts, false, progress::add);
    }

    private static Path cache(String key) {
        return lab.home.resolve(".cache/hapmeter-lab/images/" + key);
    }

    @Test
    void stagesChecksAndReplacesOverSftpVersion3() throws IOException {
        Path kernel = randomFile("vmlinuz", 3_000_000, 1);
        Path initramfs = randomFile("initramfs.cpio", 1_000_000, 2);
        try (SshLauncher l = connect()) {
            List<String> staged = l.stage("two", List.of(kernel, initramfs));
            assertEquals(List.of(cache("two") + "/vmlinuz", cache("two") + "/initramfs.cpio"), staged);
            assertSameThere(l, kernel, staged.get(0));
            assertSameThere(l, initramfs, staged.get(1));
            assertEquals(List.of(), parts(l, "two"));

            progress.clear();
            assertEquals(staged, l.stage("two", List.of(kernel, initramfs)));
            assertEquals(2, progress.stream().filter(p -> p.contains("already on the lab host")).count(), progress.toString());

            // Other bytes under the same name (a damaged copy there): replaced, though v3 has no overwriting rename.
            Path changed = randomFile("other/vmlinuz", 2_000_000, 3);
            l.stage("two", List.of(changed));
            assertSameThere(l, changed, staged.get(0));
            assertEquals(List.of(), parts(l, "two"));
        }
    }

    @Test
    void failedUploadRemovesItsPartAndNamesFileAndHost() throws IOException {
        Path kernel = randomFile("vmlinuz", 500_000, 4);
        // A directory where the kernel goes: the upload arrives, but nothing can take the directory's place.
        Files.createDirectories(cache("blocked").resolve("vmlinuz/in-the-way"));
        try (SshLauncher l = connect()) {
            HapmeterException e = assertThrows(HapmeterException.class, () -> l.stage("blocked", List.of(kernel)));
            assertOneLineNaming(e, kernel);
            assertEquals(List.of(), parts(l, "blocked"));
        }
    }

    @Test
    void uploadCutOffMidwayIsClearedByTheNextStage() throws Exception {
        Path big = dir.resolve("big.img");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(128L << 20);
        }
        Path part = cache("cut").resolve("big.img.part");
        SshLauncher l = connect();
        Thread cutter = new Thread(() -> {
            try {
                for (int i = 0; i < 60_000 && (!Files.exists(part) || Files.size(part) == 0); i++) {
                    Thread.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            l.close();
        }, "cutter");
        cutter.start();
        HapmeterException e = assertThrows(HapmeterException.class, () -> l.stage("cut", List.of(big)));
        cutter.join();
        assertOneLineNaming(e, big);
        assertTrue(Files.exists(part) && Files.size(part) < Files.size(big), "the upload was not cut off midway");

        Path kernel = randomFile("vmlinuz", 100_000, 5);
        try (SshLauncher again = connect()) {
            again.stage("cut", List.of(kernel));
            assertEquals(List.of(), parts(again, "cut"));
        }
    }

    private static void assertSameThere(SshLauncher l, Path local, String there) {
        String sum = l.run(List.of("sha256sum", "--", there)).output().split("\\s+")[0];
        assertEquals(Digests.sha256(local), sum, there);
    }

    private static List<String> parts(SshLauncher l, String key) {
        return l.run(List.of("find", cache(key).toString(), "-name", "*.part")).output().lines().toList();
    }

    private static void assertOneLineNaming(HapmeterException e, Path file) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("lab host " + lab.uri()), e.getMessage());
    }

    private static Path randomFile(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path f = dir.resolve("local").resolve(name);
        Files.createDirectories(f.getParent());
        return Files.write(f, bytes);
    }
}
