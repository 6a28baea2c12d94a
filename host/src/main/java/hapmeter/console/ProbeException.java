package hapmeter.console;

import hapmeter.HapmeterException;

/** The probe answered ERR, or did not answer in time. */
public class ProbeException extends HapmeterException {
    private final boolean unavailable;
    private final boolean lostOnTheLine;
    private final boolean neverServed;

    public ProbeException(String message) {
        this(message, false);
    }

    public ProbeException(String message, boolean unavailable) {
        this(message, unavailable, false);
    }

    public ProbeException(String message, boolean unavailable, boolean lostOnTheLine) {
        this(message, unavailable, lostOnTheLine, false);
    }

    private ProbeException(String message, boolean unavailable, boolean lostOnTheLine, boolean neverServed) {
        super(message);
        this.unavailable = unavailable;
        this.lostOnTheLine = lostOnTheLine;
        this.neverServed = neverServed;
    }

    /** The probe answered that the request reached it damaged: it did nothing, any command may be sent again. */
    public static ProbeException damagedRequest(String message) {
        return new ProbeException(message, false, true, true);
    }

    /** The probe said the request cannot be served in this test VM (see Message#unavailable). */
    public boolean unavailable() {
        return unavailable;
    }

    /** The request or its reply was damaged on the line, or no reply came in time: the probe may not have seen it. */
    public boolean lostOnTheLine() {
        return lostOnTheLine;
    }

    public boolean neverServed() {
        return neverServed;
    }
}
