package hapmeter.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecTest {
    @TempDir
    Path dir;

    @Test
    void aCommandPastItsLimitIsKilledAndNamed() {
        long t0 = System.nanoTime();
        // The child keeps stdout open: a reader of a pipe would wait for it, 30 s.
        IOException e = assertThrows(IOException.class, () -> new LocalExec(dir).run("state", Duration.ofMillis(300),
                List.of("sh", "-c", "sleep 30 & echo started; wait")));
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s < 5, "took " + s + " s");
        assertTrue(e.getMessage().contains("'sh -c sleep 30 & echo started; wait' did not end within 300 ms"),
                e.getMessage());
    }

    @Test
    void outputAndFailures() throws IOException {
        LocalExec exec = new LocalExec(dir);
        assertEquals("a\nb", exec.run("x", Duration.ofSeconds(10), List.of("sh", "-c", "echo a; echo b >&2")));
        IOException e = assertThrows(IOException.class,
                () -> exec.run("step", Duration.ofSeconds(10), List.of("sh", "-c", "echo no; exit 3")));
        assertTrue(e.getMessage().contains("failed with status 3: no"), e.getMessage());
    }
}
