package hapmeter.probe;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link Exec} on this machine. */
final class LocalExec implements Exec {
    private final Path scratch;

    /** SCRATCH holds each command's output until it has ended. */
    LocalExec(Path scratch) {
        this.scratch = scratch;
    }

    @Override
    public String run(String what, Duration limit, List<String> argv) throws IOException {
        String command = String.join(" ", argv);
        // Output goes to a file, not a pipe: reading a pipe to its end would wait for the process
        // (and any child holding the pipe) however long it takes, so the limit would never fire.
        Path out = Files.createTempFile(scratch, "exec", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(new File("/dev/null")).start();
            if (!waitFor(p, limit)) {
                killTree(p);
                throw new IOException(what + ": '" + command + "' did not end within " + limit.toMillis() + " ms");
            }
            String output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IOException(what + ": '" + command + "' failed with status " + p.exitValue() + ": " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public Process launch(List<String> argv, Path log) throws IOException {
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null")).start();
    }

    private static boolean waitFor(Process p, Duration limit) throws IOException {
        try {
            return p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(p);
            throw new IOException("interrupted", e);
        }
    }

    /** Kills P and its descendants (children first, so none is re-parented and missed). */
    static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
