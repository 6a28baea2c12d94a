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
 * A control line that damages the first frame one way or the other. A damaged request is answered the way the probe
 * does (an ERR for the id it could still read: it served nothing), and the client sends it again at once, whatever
 * the command. A damaged reply leaves unknown whether the probe served it: only an idempotent command goes again.
 */
class ProbeClientRetryTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** The far end: answers intact requests OK (STATUS-shaped), damaged ones as the probe does. */
    private ProbeClient clientOverADamagingLine(boolean damageTheRequest) throws IOException {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream peerIn = new PipedInputStream(clientOut, 1 << 16);
        PipedOutputStream peerOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(peerOut, 1 << 16);
        OutputStream line = damagingFirstFrame(clientOut, damageTheRequest);
        OutputStream back = damagingFirstFrame(peerOut, !damageTheRequest);
        Thread peer = new Thread(() -> {
            FrameReader r = new FrameReader(peerIn, damaged -> {
                seen.add("damaged");
                reply(back, Message.damagedRequest(Frames.requestIdHint(damaged)));
            });
            try {
                for (Message m; (m = r.next()) != null; ) {
                    seen.add(m.name());
                    reply(back, m.ok(m.name().equals("STOP") ? new Stop.Reply(0, false, "").fields()
                            : new Status.Reply("function_graph", List.of()).fields()));
                }
            } catch (IOException e) {
                // the test is over
            }
        });
        peer.setDaemon(true);
        peer.start();
        return new ProbeClient(clientIn, line);
    }

    /** OUT, with one bit of the first frame's CRC flipped on the wire if DAMAGE. */
    private static OutputStream damagingFirstFrame(OutputStream out, boolean damage) {
        AtomicBoolean damageNext = new AtomicBoolean(damage);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] copy = Arrays.copyOfRange(b, off, off + len);
                if (damageNext.getAndSet(false)) {
                    copy[copy.length - 3] ^= 0x01;
                }
                out.write(copy);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
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
    void aDamagedRequestIsSentAgainWhateverTheCommand() throws IOException {
        try (ProbeClient c = clientOverADamagingLine(true)) {
            c.call(new Stop.Request("w"), Duration.ofMinutes(5));
            assertEquals(List.of("damaged", "STOP"), seen);
        }
    }

    @Test
    void aDamagedReplyIsAskedAgainOnlyForAnIdempotentCommand() throws IOException {
        try (ProbeClient c = clientOverADamagingLine(false)) {
            assertEquals("function_graph", c.call(new Status.Request(), Duration.ofMinutes(5)).tracer());
            assertEquals(List.of("STATUS", "STATUS"), seen);
        }
        seen.clear();
        try (ProbeClient c = clientOverADamagingLine(false)) {
            ProbeException e = assertThrows(ProbeException.class, () -> c.call(new Stop.Request("w"), Duration.ofMinutes(5)));
            assertTrue(e.getMessage().contains("failed its frame checksum"), e.getMessage());
            assertEquals(List.of("STOP"), seen, "STOP may have been served: it must not go again");
        }
    }

    /** What the far end does with the first request it reads, on the line back to the client. */
    private interface FirstAnswer {
        void answer(Message request, OutputStream back) throws IOException, InterruptedException;
    }

    /** A client whose far end gives the first request FIRST and then only reads, alive until the client closes. */
    private static ProbeClient clientOf(FirstAnswer first) throws IOException {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream peerIn = new PipedInputStream(clientOut, 1 << 16);
        PipedOutputStream peerOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(peerOut, 1 << 16);
        Thread peer = new Thread(() -> {
            try {
                FrameReader r = new FrameReader(peerIn);
                first.answer(r.next(), peerOut);
                // A pipe whose writer thread died fails its reader.
                while (r.next() != null) {
                    continue;
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        peer.setDaemon(true);
        peer.start();
        return new ProbeClient(clientIn, clientOut);
    }

    /**
     * A reply that lost its first bytes on the line is noise without an id: the call times out, and says how many
     * unreadable lines came meanwhile, which tells a reply lost on the line from a probe that sent none.
     */
    @Test
    void aTimeoutCountsTheUnreadableLinesThatCameInstead() throws IOException {
        for (int cut : new int[] {0, 3}) {
            try (ProbeClient c = clientOf((m, back) -> {
                if (cut > 0) {
                    byte[] frame = Frames.encode(m.ok(new Stop.Reply(0, false, "").fields()));
                    back.write(frame, cut, frame.length - cut);
                    back.flush();
                }
            })) {
                ProbeException e = assertThrows(ProbeException.class, () -> c.call(new Stop.Request("w"), Duration.ofMillis(500)));
                assertTrue(e.getMessage().contains("(" + (cut > 0 ? 1 : 0) + " unreadable lines"), e.getMessage());
            }
        }
    }

    /** A reply that comes after its call gave up is kept, once, for the failure to quote (a START's ERR and why). */
    @Test
    void aLateReplyIsKeptForTheFailureToQuote() throws IOException, InterruptedException {
        try (ProbeClient c = clientOf((m, back) -> {
            Thread.sleep(800);
            reply(back, m.error("w did not print 'ready' within 120000 ms; its output: (none)"));
        })) {
            assertThrows(ProbeException.class, () -> c.call(new Stop.Request("w"), Duration.ofMillis(200)));
            List<String> late = List.of();
            for (int i = 0; i < 100 && late.isEmpty(); i++) {
                Thread.sleep(50);
                late = c.takeLateReplies();
            }
            assertEquals(List.of("request 1 (STOP): ERR w did not print 'ready' within 120000 ms; its output: (none)"), late);
            assertEquals(List.of(), c.takeLateReplies(), "taken once");
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
