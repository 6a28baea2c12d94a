package hapmeter.campaign;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one armed window produced, before any analysis: the raw trace as pulled and verified, the
 * ring-buffer counters, and the phase timings (seconds).
 */
record Measurement(long bytesReceived, Path trace, String traceSha256, long traceBytes, Set<Integer> tracedPids,
        long probePid, long overrun, long commitOverrun, long dropped, long entries, double startS,
        double tracerSetupS, double armS, double requestS, double disarmS, double pullS) {
}
