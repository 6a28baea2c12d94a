package hapmeter;

/** A failure the user can act on: the CLI prints its message as one line and exits non-zero. */
public class HapmeterException extends RuntimeException {
    public HapmeterException(String message) {
        super(message);
    }

    public HapmeterException(String message, Throwable cause) {
        super(message, cause);
    }
}
