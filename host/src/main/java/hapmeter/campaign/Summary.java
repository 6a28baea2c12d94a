package hapmeter.campaign;

import java.util.List;
import java.util.Map;

/** summary.json of one cell: what was measured, on what, with which counts and timings. */
public record Summary(
        String scenario,
        String kernel,
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
        Timings timings,
        double runElapsedS,
        String imageDigest,
        String startedAt) {

    /** Seconds per phase. boot_s is QEMU launch to the probe's HELLO (boot-to-probe-ready). */
    public record Timings(double bootS, double startS, double tracerSetupS, double armS, double requestS,
            double disarmS, double pullS, double analysisS) {
    }
}
