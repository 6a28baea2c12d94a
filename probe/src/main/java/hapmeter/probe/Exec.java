package hapmeter.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the probe starts processes on the machine: a seam, so that the dispatcher can be driven in
 * a test (a fuzzer, say) that must never run the commands a request names.
 */
interface Exec {
    /**
     * Runs ARGV (WHAT says why, for errors) to its end and returns its output, stdout and stderr
     * together. A non-zero exit is an IOException with the output; so is running past LIMIT, after
     * the process and its descendants are killed.
     */
    String run(String what, Duration limit, List<String> argv) throws IOException;

    /** Starts a workload, its output (stdout and stderr) into LOG, its input empty. */
    Process launch(List<String> argv, Path log) throws IOException;
}
