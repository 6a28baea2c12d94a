package hapmeter.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads frames from a byte stream, skipping everything that is not an intact frame. */
public final class FrameReader {
    private final InputStream in;
    private long skipped;

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /** The next intact frame, or null at end of stream. */
    public Message next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean overlong = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n' || b == '\r') {
                if (!overlong && line.size() > 0) {
                    Message m = Frames.decode(line.toString(StandardCharsets.ISO_8859_1));
                    if (m != null) {
                        return m;
                    }
                }
                if (overlong || line.size() > 0) {
                    skipped++;
                }
                line.reset();
                overlong = false;
            } else if (line.size() < Frames.MAX_FRAME) {
                line.write(b);
            } else {
                overlong = true;
            }
        }
    }

    /** Lines that were not intact frames: noise, truncated or corrupted frames. */
    public long skipped() {
        return skipped;
    }
}
