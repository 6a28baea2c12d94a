package hapmeter.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hapmeter seccomp CELL` on a recorded tap cell (src/test/resources/runs/README.md), and on a directory that is not one. */
class AllowlistTest {
    private static final Path TAP = Path.of("src/test/resources/runs/full/tap");

    @TempDir
    Path tmp;

    @Test
    void aRecordedTapCellGivesTheShippedAllowlist() throws IOException {
        // The four syscalls lwIP's threads and the server enter while serving: what images/workload/tap.allow holds.
        assertEquals(Files.readAllLines(Path.of("../images/workload/tap.allow")), Allowlist.of(TAP, Allowlist.UNISTD));
    }

    @Test
    void aDirectoryWithoutACellIsOneLine() {
        String e = assertThrows(HapmeterException.class, () -> Allowlist.of(tmp, Allowlist.UNISTD)).getMessage();
        assertTrue(e.startsWith(tmp + " is not a measured cell: "), e);
        assertTrue(!e.contains("\n"), e);
    }
}
