package hapmeter.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import hapmeter.protocol.transfer.Bulk;
import hapmeter.vm.Duplex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transfer that breaks closes the bulk port; the next transfer opens it again instead of failing too. */
class BulkChannelTest {
    @TempDir
    Path tmp;

    private static Duplex port(byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        InputStream in = new ByteArrayInputStream(all.toByteArray());
        return Duplex.of(in, OutputStream.nullOutputStream(), in);
    }

    @Test
    void aBrokenTransferDoesNotBreakTheNextOne() throws IOException {
        byte[] data = "0123456789".repeat(100).getBytes();
        AtomicInteger opened = new AtomicInteger();
        // The first connection ends halfway through transfer 1; the reopened one carries transfer 2.
        Duplex first = port(Bulk.header(1, data.length), Arrays.copyOf(data, 300));
        try (BulkChannel bulk = new BulkChannel(first, () -> {
            opened.incrementAndGet();
            try {
                return port(Bulk.header(2, data.length), data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        })) {
            Path one = tmp.resolve("one");
            assertEquals(300, bulk.receive(1, data.length, one, Duration.ofSeconds(30)).size(),
                    "the short transfer is reported as short for the caller to retry");
            HapmeterException e = assertThrows(HapmeterException.class,
                    () -> bulk.receive(1, data.length, tmp.resolve("again"), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().startsWith("bulk transfer 1 failed"), e.getMessage());
            Path two = tmp.resolve("two");
            assertEquals(data.length, bulk.receive(2, data.length, two, Duration.ofSeconds(30)).size());
            assertArrayEquals(data, Files.readAllBytes(two));
            assertEquals(1, opened.get(), "opened again exactly once, after the failure");
        }
    }
}
