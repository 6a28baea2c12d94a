package hapmeter.console;

import hapmeter.HapmeterException;
import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A file over the control line, for a machine whose only link is a serial cable (~0.1 MB/s): the
 * probe snapshots and compresses it (PULL via=line), then the host asks for it chunk by chunk
 * (PULL_CHUNK offset length), each chunk base64 in one CRC-checked frame. A chunk whose frame
 * fails its checksum, or that does not come, is asked for again at the same offset: the pull
 * resumes from the last good chunk, never from the start. The decoded file must match the
 * probe's sha256.
 */
public final class LinePull {
    public enum Encoding {
        GZIP, IDENTITY;

        String wire() {
            return name().toLowerCase();
        }
    }

    /** 16 KiB: ~1.4 s on a 115200-baud line, so a damaged chunk costs little to resend. */
    static final int CHUNK = 16 * 1024;
    /** Tries per chunk before the pull fails: a line this bad needs a person. */
    static final int TRIES = 8;
    private static final long REPORT_EVERY_NS = 2_000_000_000L;

    private final ProbeClient client;
    private final Consumer<String> progress;

    LinePull(ProbeClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    /**
     * One pull: SIZE bytes (sha256 SHA256) arrived as ENCODED_SIZE bytes on the line in CHUNKS
     * chunks, RESENT of them asked for again.
     */
    public record Stats(String sha256, long size, long encodedSize, int chunks, int resent, double seconds) {
    }

    public Stats pull(String what, Path dest, Encoding encoding) {
        long t0 = System.nanoTime();
        Message r = client.call(Command.PULL, Map.of("what", what, "via", "line", "encoding", encoding.wire()));
        long size = Long.parseLong(r.require("size"));
        long encodedSize = Long.parseLong(r.require("encoded_size"));
        Path encoded = dest.resolveSibling(dest.getFileName() + "." + encoding.wire());
        int chunks = 0;
        int resent = 0;
        try {
            try (OutputStream out = Files.newOutputStream(encoded)) {
                long offset = 0;
                long reported = System.nanoTime();
                while (offset < encodedSize) {
                    int length = (int) Math.min(CHUNK, encodedSize - offset);
                    for (int attempt = 1; ; attempt++) {
                        String failure;
                        try {
                            byte[] data = Base64.getUrlDecoder().decode(client.call(Command.PULL_CHUNK,
                                    Map.of("offset", Long.toString(offset), "length", Integer.toString(length)))
                                    .require("data"));
                            if (data.length == length) {
                                out.write(data);
                                break;
                            }
                            failure = data.length + " bytes instead of " + length;
                        } catch (ProbeException | IllegalArgumentException e) {
                            if (!client.isOpen()) {
                                throw e;
                            }
                            failure = e.getMessage();
                        }
                        if (attempt == TRIES) {
                            throw new HapmeterException(what + ": the chunk at offset " + offset + " failed " + TRIES
                                    + " times over the control line (last: " + failure + ")");
                        }
                        resent++;
                    }
                    offset += length;
                    chunks++;
                    if (System.nanoTime() - reported > REPORT_EVERY_NS) {
                        reported = System.nanoTime();
                        progress.accept(bar(what, offset, encodedSize, reported - t0));
                    }
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long got = 0;
            try (InputStream raw = Files.newInputStream(encoded);
                    InputStream in = encoding == Encoding.GZIP ? new GZIPInputStream(raw, 1 << 16) : raw;
                    OutputStream out = Files.newOutputStream(dest)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    sha.update(buf, 0, n);
                    got += n;
                }
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (got != size || !digest.equals(r.require("sha256"))) {
                throw new HapmeterException(what + " pulled over the control line does not match: " + got + "/" + size
                        + " bytes, sha256 " + digest + " instead of " + r.get("sha256"));
            }
            Stats s = new Stats(digest, size, encodedSize, chunks, resent, (System.nanoTime() - t0) / 1e9);
            progress.accept(String.format("%s: %.1f KB (%s of %.1f KB) over the control line in %.1f s, %.1f KB/s%s",
                    what, encodedSize / 1e3, encoding.wire(), size / 1e3, s.seconds(), encodedSize / 1e3 / s.seconds(),
                    resent == 0 ? "" : ", " + resent + " chunk(s) asked for again"));
            return s;
        } catch (IOException e) {
            throw new HapmeterException(what + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(encoded);
            } catch (IOException ignored) {
                // a leftover beside the trace is harmless
            }
        }
    }

    /** "trace: [#####.....] 48% 150/310 KB, 14.2 KB/s, ETA 11 s" */
    static String bar(String what, long done, long total, long elapsedNs) {
        int width = 20;
        int filled = (int) (width * done / Math.max(1, total));
        double rate = done / (elapsedNs / 1e9);
        return String.format("%s: [%s%s] %3d%% %d/%d KB, %.1f KB/s, ETA %.0f s", what, "#".repeat(filled),
                ".".repeat(width - filled), 100 * done / Math.max(1, total), done / 1000, total / 1000, rate / 1e3,
                (total - done) / Math.max(rate, 1));
    }
}
