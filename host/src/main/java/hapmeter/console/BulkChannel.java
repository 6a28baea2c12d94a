package hapmeter.console;

import hapmeter.HapmeterException;
import hapmeter.protocol.transfer.Bulk;
import hapmeter.protocol.transfer.Sha256;
import hapmeter.vm.Duplex;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;

/**
 * The host end of the virtio-serial bulk port (QEMU's Unix socket, here or through SSH): trace
 * bytes come here.
 */
public final class BulkChannel implements AutoCloseable {
    private final Duplex port;
    private final InputStream in;

    public BulkChannel(Duplex port) {
        this.port = port;
        this.in = new BufferedInputStream(port.in(), 1 << 16);
    }

    /**
     * Reads transfer ID into DEST: skips anything before its header (leftovers of an aborted
     * transfer), copies SIZE bytes, and returns what actually arrived, for the caller to compare
     * with what the probe announced. A stall beyond TIMEOUT closes the channel.
     */
    public Sha256.Copied receive(long id, long size, Path dest, Duration timeout) {
        String want = new String(Bulk.header(id, size), StandardCharsets.US_ASCII).trim();
        Timer watchdog = new Timer("bulk-watchdog", true);
        watchdog.schedule(new TimerTask() {
            @Override
            public void run() {
                close();
            }
        }, timeout.toMillis());
        try {
            while (!readLine().equals(want)) {
                // not ours: skip to the next line
            }
            try (OutputStream out = Files.newOutputStream(dest)) {
                return Sha256.copy(in, out, size);
            }
        } catch (IOException e) {
            throw new HapmeterException("bulk transfer " + id + " failed or stalled beyond " + timeout.toSeconds()
                    + " s: " + e.getMessage(), e);
        } finally {
            watchdog.cancel();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("bulk channel closed");
            }
            if (line.size() < 256) {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        port.close();
    }
}
