package hapmeter.campaign;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one scenario's windows produced, before any analysis: the idle window (armed, no request)
 * and one or more request windows (one, or one per round with --until-steady), each with its
 * trace as pulled and verified.
 */
record Measurement(Window idle, List<Window> requests, long probePid, double startS, double tracerSetupS,
        double idleWaitS) {

    /**
     * One armed window. Timings in seconds; BYTES_RECEIVED is 0 for the idle window.
     */
    record Window(long bytesReceived, Path trace, String traceSha256, long traceBytes, Set<Integer> tracedPids,
            long overrun, long commitOverrun, long dropped, long entries, double armS, double requestS,
            double disarmS, double pullS) {
        long lost() {
            return overrun + commitOverrun + dropped;
        }
    }
}
