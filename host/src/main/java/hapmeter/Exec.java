package hapmeter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a short external command to completion; failures name the command and its output. */
public final class Exec {
    private Exec() {
    }

    public record Result(int exit, String output) {
    }

    public static Result run(Path dir, List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).directory(dir == null ? null : dir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new HapmeterException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HapmeterException("interrupted while running " + String.join(" ", argv), e);
        }
    }

    /** Like {@link #run} but a non-zero exit is an error carrying the output's last lines. */
    public static String check(Path dir, List<String> argv) {
        Result r = run(dir, argv);
        if (r.exit() != 0) {
            throw new HapmeterException(String.join(" ", argv) + " failed (exit " + r.exit() + "): "
                    + tail(r.output(), 400));
        }
        return r.output();
    }

    public static String tail(String s, int chars) {
        String t = s.strip();
        return t.length() <= chars ? t : "…" + t.substring(t.length() - chars);
    }
}
