package hapmeter.probe;

import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.PullChunk;
import hapmeter.protocol.transfer.Bulk;
import hapmeter.protocol.transfer.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Files for the host: a snapshot streamed over the bulk port, or, without one (a bare-metal
 * machine on a serial cable), encoded and handed out chunk by chunk over the control line.
 */
final class Pulls {
    /** Keeps a PULL_CHUNK response (base64, 4/3 of this) well inside Frames.MAX_FRAME. */
    static final int MAX_CHUNK = 32 * 1024;

    private final Guest guest;
    private final Path snapshot;
    private final Path encoded;

    Pulls(Guest guest) {
        this.guest = guest;
        this.snapshot = guest.workDir().resolve("pull.bin");
        this.encoded = guest.workDir().resolve("pull.line");
    }

    /** Snapshots R's file; transfer number ID is what the bulk transfer (see {@link #send}) will carry. */
    Pull.Reply pull(long id, Pull.Request r) throws IOException {
        if (r.lineEncoding() == null && guest.dataPort() == null) {
            throw new IllegalArgumentException("this machine has no bulk port: pull over the line");
        }
        // Snapshot first: tracefs and procfs files have no size, and the digest must describe
        // exactly the bytes that will be sent.
        Sha256.Copied copied;
        try (InputStream in = open(r.what()); OutputStream out = Files.newOutputStream(snapshot)) {
            copied = Sha256.copy(in, out);
        }
        Long encodedSize = null;
        if (r.lineEncoding() != null) {
            try (OutputStream out = r.lineEncoding().encoder(Files.newOutputStream(encoded))) {
                Files.copy(snapshot, out);
            }
            encodedSize = Files.size(encoded);
        }
        return new Pull.Reply(id, copied.size(), copied.sha256(), encodedSize);
    }

    PullChunk.Reply chunk(PullChunk.Request r) throws IOException {
        byte[] chunk = new byte[Math.min(r.length(), MAX_CHUNK)];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        try (SeekableByteChannel ch = Files.newByteChannel(encoded)) {
            ch.position(r.offset());
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // until the chunk is full or the file ends
            }
        }
        return new PullChunk.Reply(Arrays.copyOf(chunk, buf.position()));
    }

    /** Streams the last snapshot as bulk transfer ID. */
    void send(long id) {
        try (OutputStream out = Files.newOutputStream(guest.dataPort()); InputStream in = Files.newInputStream(snapshot)) {
            out.write(Bulk.header(id, Files.size(snapshot)));
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            // The host notices a short or missing transfer by its size and digest and retries.
            System.err.println("probe: bulk transfer " + id + " failed: " + e.getMessage());
        }
    }

    private InputStream open(Pull.Source what) throws IOException {
        return switch (what) {
            case TRACE -> guest.tracefs().openTrace();
            case KALLSYMS -> Files.newInputStream(guest.kallsyms());
        };
    }
}
