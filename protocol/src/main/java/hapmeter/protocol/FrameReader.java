package hapmeter.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads frames from a byte stream, skipping everything that is not an intact frame. */
public final class FrameReader {
    private final InputStream in;
    private final Consumer<String> onDamaged;
    /** Written by the reading thread, read by others for their error messages. */
    private volatile long skipped;

    public FrameReader(InputStream in) {
        this(in, line -> { });
    }

    /** ON_DAMAGED sees each skipped line that carries the frame marker (a frame that failed its checksum). */
    public FrameReader(InputStream in, Consumer<String> onDamaged) {
        this.in = in;
        this.onDamaged = onDamaged;
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
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    Message m = Frames.decode(text);
                    if (m != null) {
                        return m;
                    }
                    if (text.contains(Frames.MARKER)) {
                        onDamaged.accept(text);
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
