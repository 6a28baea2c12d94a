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
import java.util.function.Supplier;

/**
 * The host end of the virtio-serial bulk port (QEMU's Unix socket, here or through SSH): trace
 * bytes come here. A transfer that fails or stalls closes the port; the next one opens it again
 * (QEMU's socket accepts a new connection), so one bad pull does not fail the rest of the boot.
 */
public final class BulkChannel implements AutoCloseable {
    private final Supplier<Duplex> reopen;
    private Duplex port;
    private InputStream in;

    /** FIRST: the port as opened; REOPEN: opens it again after a failed transfer closed it. */
    public BulkChannel(Duplex first, Supplier<Duplex> reopen) {
        this.reopen = reopen;
        use(first);
    }

    private void use(Duplex p) {
        port = p;
        in = new BufferedInputStream(p.in(), 1 << 16);
    }

    private synchronized InputStream input() {
        if (port == null) {
            use(reopen.get());
        }
        return in;
    }

    /**
     * Reads transfer ID into DEST: skips anything before its header (leftovers of an aborted
     * transfer), copies SIZE bytes, and returns what actually arrived, for the caller to compare
     * with what the probe announced. A stall beyond TIMEOUT closes the channel.
     */
    public Sha256.Copied receive(long id, long size, Path dest, Duration timeout) {
        String want = new String(Bulk.header(id, size), StandardCharsets.US_ASCII).trim();
        InputStream in = input();
        Timer watchdog = new Timer("bulk-watchdog", true);
        watchdog.schedule(new TimerTask() {
            @Override
            public void run() {
                close();
            }
        }, timeout.toMillis());
        try {
            while (!readLine(in).equals(want)) {
                // not ours: skip to the next line
            }
            try (OutputStream out = Files.newOutputStream(dest)) {
                return Sha256.copy(in, out, size);
            }
        } catch (IOException e) {
            close();
            throw new HapmeterException("bulk transfer " + id + " failed or stalled beyond " + timeout.toSeconds()
                    + " s: " + e.getMessage(), e);
        } finally {
            watchdog.cancel();
        }
    }

    private static String readLine(InputStream in) throws IOException {
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
    public synchronized void close() {
        if (port != null) {
            port.close();
            port = null;
        }
    }
}
