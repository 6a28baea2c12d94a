package hapmeter.trace;

import java.io.IOException;

/** The input is not an ftrace function_graph trace. */
public class TraceFormatException extends IOException {
    public TraceFormatException(String message) {
        super(message);
    }
}
