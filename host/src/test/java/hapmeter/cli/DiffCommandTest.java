package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `diff A B [--html FILE]` as the CLI runs it (HapmeterCli turns a HapmeterException into its one-line message). */
class DiffCommandTest {
    private static final Path FULL = Path.of("src/test/resources/runs/full");

    @TempDir
    Path tmp;

    private record Outcome(int exit, String out, Exception error) {
    }

    private static synchronized Outcome diff(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exception[] error = new Exception[1];
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = new CommandLine(new DiffCommand());
            cl.setExecutionExceptionHandler((e, c, p) -> {
                error[0] = e;
                return 1;
            });
            return new Outcome(cl.execute(args), out.toString(StandardCharsets.UTF_8), error[0]);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void textAndHtml() throws Exception {
        Path html = tmp.resolve("socket-vs-kvm.html");
        Outcome o = diff(FULL + ":socket", FULL.resolve("kvm").toString(), "--html", html.toString());
        assertEquals(0, o.exit(), String.valueOf(o.error()));
        assertTrue(o.out().startsWith("A: " + FULL + ":socket (kernel 6.1.0-56-amd64, 348 functions)"), o.out());
        assertTrue(o.out().contains("Functions per class"), o.out());
        assertTrue(o.out().endsWith("html: " + html + "\n"), o.out());
        assertTrue(Files.readString(html).contains("<h1>hapmeter diff: " + FULL + ":socket vs " + FULL.resolve("kvm")));
    }

    @Test
    void aMissingPathIsAOneLineError() {
        Outcome o = diff(FULL + ":socket", tmp.resolve("gone").toString());
        assertEquals(1, o.exit());
        assertInstanceOf(HapmeterException.class, o.error());
        assertEquals("no such cell or run: " + tmp.resolve("gone") + " (give a cell directory, RUN_DIR:SCENARIO or "
                + "RUN_DIR/KERNEL/SCENARIO)", o.error().getMessage());
    }
}
