package hapmeter.console;

import hapmeter.HapmeterException;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.PullChunk;
import hapmeter.protocol.transfer.Encoding;
import hapmeter.protocol.transfer.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A file over the control line, for a machine whose only link is a serial cable (~0.1 MB/s): the
 * probe snapshots and compresses it (PULL via=line), then the host asks for it chunk by chunk
 * (PULL_CHUNK offset length), each chunk base64 in one CRC-checked frame. A chunk whose frame
 * fails its checksum, or that does not come, is asked for again at the same offset: the pull
 * resumes from the last good chunk, never from the start. The decoded file must match the
 * probe's sha256.
 */
public final class LinePull {
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

    public Stats pull(Pull.Source source, Path dest, Encoding encoding) {
        long t0 = System.nanoTime();
        String what = source.wire();
        Pull.Reply r = client.call(new Pull.Request(source, encoding));
        long size = r.size();
        long encodedSize = r.encodedSize();
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
                            byte[] data = client.callOnce(new PullChunk.Request(offset, length)).data();
                            if (data.length == length) {
                                out.write(data);
                                break;
                            }
                            failure = data.length + " bytes instead of " + length;
                        } catch (ProbeException e) {
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
            Sha256.Copied got;
            try (InputStream in = encoding.decoder(Files.newInputStream(encoded)); OutputStream out = Files.newOutputStream(dest)) {
                got = Sha256.copy(in, out);
            }
            if (got.size() != size || !got.sha256().equals(r.sha256())) {
                throw new HapmeterException(what + " pulled over the control line does not match: " + got.size() + "/"
                        + size + " bytes, sha256 " + got.sha256() + " instead of " + r.sha256());
            }
            Stats s = new Stats(got.sha256(), size, encodedSize, chunks, resent, (System.nanoTime() - t0) / 1e9);
            progress.accept(String.format("%s: %.1f KB (%s of %.1f KB) over the control line in %.1f s, %.1f KB/s%s",
                    what, encodedSize / 1e3, encoding.wire(), size / 1e3, s.seconds(), encodedSize / 1e3 / s.seconds(),
                    resent == 0 ? "" : ", " + resent + " chunk(s) asked for again"));
            return s;
        } catch (IOException e) {
            throw new HapmeterException(what + ": " + e.getMessage(), e);
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
