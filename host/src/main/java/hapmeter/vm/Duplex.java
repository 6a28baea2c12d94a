package hapmeter.vm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A byte stream both ways to one port of a test machine: a serial line, a Unix socket, an SSH channel. */
public interface Duplex extends AutoCloseable {
    InputStream in();

    OutputStream out();

    /** Closes both ways; a blocked read ends. Idempotent, never fails. */
    @Override
    void close();

    static Duplex of(InputStream in, OutputStream out, Closeable closer) {
        return new Duplex() {
            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void close() {
                try {
                    closer.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        };
    }
}
