package hapmeter.protocol.transfer;

import java.nio.charset.StandardCharsets;

/**
 * The bulk channel's framing: each transfer is {@code HMDATA ID SIZE\n} followed by SIZE bytes.
 * The PULL response over the control port carries the same size and the sha256; the header lets
 * the host skip leftovers of an aborted earlier transfer instead of misreading them.
 */
public final class Bulk {
    public static final String MAGIC = "HMDATA";

    private Bulk() {
    }

    public static byte[] header(long id, long size) {
        return (MAGIC + " " + id + " " + size + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
