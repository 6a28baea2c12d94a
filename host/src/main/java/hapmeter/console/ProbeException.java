package hapmeter.console;

import hapmeter.HapmeterException;

/** The probe answered ERR, or did not answer in time. */
public class ProbeException extends HapmeterException {
    public ProbeException(String message) {
        super(message);
    }
}
