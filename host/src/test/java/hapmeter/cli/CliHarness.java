package hapmeter.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the real CLI in-process and captures what it prints. */
public final class CliHarness {
    public record Outcome(int exit, String out, String err) {
        /** The error line: the first line that starts with "hapmeter:". */
        public String errorLine() {
            return err.lines().filter(l -> l.startsWith("hapmeter:")).findFirst().orElse("(no error line) " + err);
        }
    }

    public static synchronized Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = HapmeterCli.execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            oldErr.print(err.toString(StandardCharsets.UTF_8));
        }
    }
}
