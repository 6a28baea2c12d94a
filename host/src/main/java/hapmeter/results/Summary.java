package hapmeter.results;

import java.util.List;
import java.util.Map;

/**
 * summary.json of one cell: what was measured, on what, with which counts and timings. With
 * --until-steady the counts are over the union of all rounds (see STEADY).
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
        String rules,
        long overrun,
        long commitOverrun,
        long droppedEvents,
        long traceEntries,
        long traceBytes,
        String traceSha256,
        String traceFormat,
        List<Long> tracedPids,
        List<Integer> pidsInTrace,
        long probePid,
        int warmupRequests,
        Idle idle,
        int functionsBeyondIdle,
        Steady steady,
        Timings timings,
        double runElapsedS,
        String imageDigest,
        String startedAt) {

    /**
     * The noise floor: the same window, armed on the same warm server, with no request, for
     * WAIT_S seconds. functions_beyond_idle (above) counts the request's functions idle does not.
     */
    public record Idle(int functionsTotal, int functionsRaw, Map<String, Integer> byClass, long overrun,
            double waitS, String traceSha256) {
    }

    /** --until-steady K: new functions per round until K rounds in a row add none (or MAX_ROUNDS). */
    public record Steady(int k, int maxRounds, List<Integer> newPerRound, List<Integer> cumulative, boolean reached) {
    }

    /** Seconds per phase (of the first request window). boot_s is QEMU launch to the probe's HELLO. */
    public record Timings(double bootS, double startS, double tracerSetupS, double armS, double requestS,
            double disarmS, double pullS, double analysisS) {
    }
}
