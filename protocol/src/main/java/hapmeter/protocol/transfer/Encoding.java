package hapmeter.protocol.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How a file pulled over the control line is encoded on the line: the probe encodes, the host decodes. */
public enum Encoding {
    GZIP {
        @Override
        public OutputStream encoder(OutputStream out) throws IOException {
            return new GZIPOutputStream(out, BUFFER);
        }

        @Override
        public InputStream decoder(InputStream in) throws IOException {
            return new GZIPInputStream(in, BUFFER);
        }
    },
    IDENTITY {
        @Override
        public OutputStream encoder(OutputStream out) {
            return out;
        }

        @Override
        public InputStream decoder(InputStream in) {
            return in;
        }
    };

    private static final int BUFFER = 1 << 16;

    public abstract OutputStream encoder(OutputStream out) throws IOException;

    public abstract InputStream decoder(InputStream in) throws IOException;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Encoding ofWire(String name) {
        for (Encoding e : values()) {
            if (e.wire().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoding '" + name + "' (gzip, identity)");
    }
}
