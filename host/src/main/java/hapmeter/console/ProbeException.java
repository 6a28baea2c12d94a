package hapmeter.console;

import hapmeter.HapmeterException;

/** The probe answered ERR, or did not answer in time. */
public class ProbeException extends HapmeterException {
    private final boolean unavailable;

    public ProbeException(String message) {
        this(message, false);
    }

    public ProbeException(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    /** The probe said the request cannot be served in this test VM (see Message#unavailable). */
    public boolean unavailable() {
        return unavailable;
    }
}
