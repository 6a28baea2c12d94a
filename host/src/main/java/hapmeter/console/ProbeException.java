package hapmeter.console;

import hapmeter.HapmeterException;

/** The probe answered ERR, or did not answer in time. */
public class ProbeException extends HapmeterException {
    private final boolean unavailable;
    private final boolean lostOnTheLine;

    public ProbeException(String message) {
        this(message, false);
    }

    public ProbeException(String message, boolean unavailable) {
        this(message, unavailable, false);
    }

    public ProbeException(String message, boolean unavailable, boolean lostOnTheLine) {
        super(message);
        this.unavailable = unavailable;
        this.lostOnTheLine = lostOnTheLine;
    }

    /** The probe said the request cannot be served in this test VM (see Message#unavailable). */
    public boolean unavailable() {
        return unavailable;
    }

    /** The request or its reply was damaged on the line, or no reply came in time: the probe may not have seen it. */
    public boolean lostOnTheLine() {
        return lostOnTheLine;
    }
}
