package hapmeter.results;

import hapmeter.trace.CountedTask;
import java.util.List;
import java.util.Map;

/**
 * summary.json of one cell: what was measured, on what, with which counts and timings. With
 * --until-steady the counts are over the union of all rounds (see STEADY). A cell is published
 * only when none of its windows lost an event and its traces held no malformed line, so the
 * loss counters of a published cell are 0: they say it was checked.
 *
 * @param functionsWithBacklog the count with the socket backlog's receive work kept (see
 *                             rules/interrupts.json, deferred_roots): the paper's literal figure,
 *                             which depends on whether TCP receive ran in the server's context
 * @param tracedPids           every task traced in the request windows: armed, forked from a traced
 *                             task in the window, or read back at disarm
 * @param tasks                those of them whose lines were counted: pid, comm, parent, lines, and
 *                             how it entered (arm, fork, disarm)
 * @param idle                 the idle window before the request
 * @param idleAfter            the idle window after it, as long as the request window was
 * @param functionsBeyondIdle  functions of the request that neither idle window has
 */
public record Summary(
        String scenario,
        String kernel,
        int rep,
        String accel,
        String accelNote,
        String client,
        long bytesReceived,
        long expectedBytes,
        int functionsTotal,
        int functionsRaw,
        Map<String, Integer> byClass,
        int functionsWithBacklog,
        String rules,
        int bufferKb,
        long overrun,
        long commitOverrun,
        long droppedEvents,
        long lostMarkers,
        long malformedLines,
        long traceEntries,
        long traceBytes,
        String traceSha256,
        String traceFormat,
        List<Integer> tracedPids,
        List<CountedTask> tasks,
        List<Integer> pidsInTrace,
        int probePid,
        int warmupRequests,
        Idle idle,
        Idle idleAfter,
        IdleNoise idleNoise,
        int functionsBeyondIdle,
        int functionsBeyondIdleBefore,
        int functionsBeyondIdleAfter,
        Steady steady,
        Timings timings,
        double runElapsedS,
        String imageDigest,
        String startedAt) {

    /**
     * A noise floor: the same window, armed on the same warm server, with no request, for WAIT_S
     * seconds.
     */
    public record Idle(int functionsTotal, int functionsRaw, Map<String, Integer> byClass, long overrun,
            double waitS, String traceSha256) {
    }

    /**
     * Whether the idle windows before and after the request saw different functions: then
     * something ran beside the request that it did not cause, and the cell is flagged NOISY.
     */
    public record IdleNoise(boolean noisy, List<String> onlyBefore, List<String> onlyAfter) {
    }

    /** --until-steady K: new functions per round until K rounds in a row add none (or MAX_ROUNDS). */
    public record Steady(int k, int maxRounds, List<Integer> newPerRound, List<Integer> cumulative, boolean reached) {
    }

    /** Seconds per phase (of the first request window). boot_s is QEMU launch to the probe's HELLO. */
    public record Timings(double bootS, double startS, double tracerSetupS, double armS, double requestS,
            double disarmS, double pullS, double analysisS) {
    }
}
