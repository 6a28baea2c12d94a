package hapmeter.protocol.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The sha256 (lower-case hex) that both ends compute over a transferred file. */
public final class Sha256 {
    private Sha256() {
    }

    /** SIZE bytes went through, with digest SHA256. */
    public record Copied(long size, String sha256) {
    }

    /** Copies IN to OUT until IN ends. */
    public static Copied copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, Long.MAX_VALUE);
    }

    /** Copies at most LIMIT bytes of IN to OUT (fewer if IN ends first). */
    public static Copied copy(InputStream in, OutputStream out, long limit) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        long left = limit;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            md.update(buf, 0, n);
            left -= n;
        }
        return new Copied(limit - left, HexFormat.of().formatHex(md.digest()));
    }

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream()).sha256();
        }
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
