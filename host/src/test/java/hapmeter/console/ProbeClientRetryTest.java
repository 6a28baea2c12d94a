package hapmeter.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.protocol.Command;
import hapmeter.protocol.FrameReader;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.message.Status;
import hapmeter.protocol.message.Stop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A control line that damages the first request: the peer answers it the way the probe does (an ERR for the id it
 * could still read), and the client resends an idempotent command at once, but never one that is not.
 */
class ProbeClientRetryTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** The far end: answers intact requests OK (STATUS-shaped), damaged ones as the probe does; the first frame is damaged. */
    private ProbeClient clientOverADamagingLine() throws IOException {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream peerIn = new PipedInputStream(clientOut, 1 << 16);
        PipedOutputStream peerOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(peerOut, 1 << 16);
        AtomicBoolean damageNext = new AtomicBoolean(true);
        OutputStream line = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                clientOut.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] copy = Arrays.copyOfRange(b, off, off + len);
                if (damageNext.getAndSet(false)) {
                    copy[copy.length - 3] ^= 0x01; // a bit of the CRC flips on the wire
                }
                clientOut.write(copy);
            }

            @Override
            public void flush() throws IOException {
                clientOut.flush();
            }
        };
        Thread peer = new Thread(() -> {
            FrameReader r = new FrameReader(peerIn, damaged -> {
                seen.add("damaged");
                reply(peerOut, Message.damagedRequest(Frames.requestIdHint(damaged)));
            });
            try {
                for (Message m; (m = r.next()) != null; ) {
                    seen.add(m.name());
                    reply(peerOut, m.ok(new Status.Reply("function_graph", List.of()).fields()));
                }
            } catch (IOException e) {
                // the test is over
            }
        });
        peer.setDaemon(true);
        peer.start();
        return new ProbeClient(clientIn, line);
    }

    private static void reply(OutputStream out, Message m) {
        try {
            out.write(Frames.encode(m));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anIdempotentCommandIsResentOnceWhenItsRequestWasDamaged() throws IOException {
        try (ProbeClient c = clientOverADamagingLine()) {
            Status.Reply r = c.call(new Status.Request(), Duration.ofMinutes(5));
            assertEquals("function_graph", r.tracer());
            assertEquals(List.of("damaged", "STATUS"), seen);
        }
    }

    @Test
    void aCommandThatIsNotIdempotentFailsAtOnceNamingTheDamage() throws IOException {
        try (ProbeClient c = clientOverADamagingLine()) {
            ProbeException e = assertThrows(ProbeException.class, () -> c.call(new Stop.Request("w"), Duration.ofMinutes(5)));
            assertTrue(e.getMessage().contains("failed its frame checksum"), e.getMessage());
            assertEquals(List.of("damaged"), seen, "STOP was sent again");
        }
    }

    @Test
    void theDamagedFrameStillNamesItsId() {
        String frame = new String(Frames.encode(Message.request(42, Command.STOP, Map.of())),
                StandardCharsets.US_ASCII).strip();
        String broken = frame.substring(0, frame.length() - 1) + (frame.endsWith("0") ? "1" : "0");
        assertNull(Frames.decode(broken));
        assertEquals(42, Frames.requestIdHint(broken));
        assertEquals(-1, Frames.responseIdHint(broken));
    }
}
