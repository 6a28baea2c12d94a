package hapmeter.campaign;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;

/**
 * What one scenario's windows produced, before any analysis: the idle windows (armed, no request)
 * before and after the request, and one or more request windows (one, or one per round with
 * --until-steady), each with its trace as pulled and verified. Only lossless windows get here.
 */
record Measurement(Window idleBefore, Window idleAfter, List<Window> requests, int probePid, double startS,
        double tracerSetupS) {

    /**
     * One armed window. ARM_PIDS: the workload's tasks when it was armed; DISARM_PIDS: the traced
     * set when it was disarmed (with children function-fork added that still lived). Timings in
     * seconds; REQUEST_S is the armed time, arm's reply to disarm; BYTES_RECEIVED is 0 when idle.
     */
    record Window(long bytesReceived, Path trace, String traceSha256, long traceBytes, SortedSet<Integer> armPids,
            SortedSet<Integer> disarmPids, long entries, int bufferKb, double armS, double requestS, double disarmS,
            double pullS) {
    }
}
