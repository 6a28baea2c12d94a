package hapmeter.campaign;

/** Durations as campaign.json and summary.json record them: seconds, to the millisecond. */
final class Timing {
    private Timing() {
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    /** Seconds since System.nanoTime() gave T. */
    static double since(long t) {
        return seconds(System.nanoTime() - t);
    }
}
