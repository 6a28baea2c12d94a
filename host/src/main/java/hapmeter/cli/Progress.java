package hapmeter.cli;

import java.io.PrintStream;
import java.util.function.Consumer;

/** Progress lines on stderr, each with the time since the command started. */
final class Progress implements Consumer<String> {
    private final long t0 = System.nanoTime();
    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(String message) {
        out.printf("[%7.1fs] %s%n", (System.nanoTime() - t0) / 1e9, message);
        out.flush();
    }
}
