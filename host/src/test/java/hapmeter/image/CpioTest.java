package hapmeter.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hapmeter.Exec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our newc writer, read back by busybox cpio (the format's other end besides the kernel). */
class CpioTest {
    @TempDir
    Path dir;

    @Test
    void busyboxExtractsWhatWeWrote() throws IOException {
        Path archive = dir.resolve("a.cpio");
        byte[] odd = "seven b".getBytes(StandardCharsets.US_ASCII); // not a multiple of 4: padding
        try (Cpio c = new Cpio(archive)) {
            c.file("opt/hapmeter/bin/tool", odd, 0755);
            c.symlink("bin/sh", "busybox");
            c.file("etc/x", new byte[0], 0644);
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        Exec.check(out, List.of("sh", "-c", "busybox cpio -i -d < ../a.cpio"));
        assertArrayEquals(odd, Files.readAllBytes(out.resolve("opt/hapmeter/bin/tool")));
        assertEquals("busybox", Files.readSymbolicLink(out.resolve("bin/sh")).toString());
        assertEquals(0, Files.size(out.resolve("etc/x")));
        String listing = Exec.check(out, List.of("sh", "-c", "busybox cpio -t < ../a.cpio"));
        assertEquals(List.of("opt", "opt/hapmeter", "opt/hapmeter/bin", "opt/hapmeter/bin/tool", "bin", "bin/sh",
                "etc", "etc/x"), listing.lines().filter(l -> !l.contains("blocks")).toList());
    }

    @Test
    void sameInputsGiveSameBytes() throws IOException {
        for (String n : List.of("1", "2")) {
            try (Cpio c = new Cpio(dir.resolve(n))) {
                c.file("a/b", "x".getBytes(StandardCharsets.US_ASCII), 0644);
            }
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("1")), Files.readAllBytes(dir.resolve("2")));
    }
}
