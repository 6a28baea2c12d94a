package hapmeter.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hapmeter.protocol.Command;
import hapmeter.protocol.FrameReader;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.message.Arm;
import hapmeter.protocol.message.Disarm;
import hapmeter.protocol.message.Hello;
import hapmeter.protocol.message.ProbeRequest;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.PullChunk;
import hapmeter.protocol.message.Shutdown;
import hapmeter.protocol.message.Start;
import hapmeter.protocol.message.Status;
import hapmeter.protocol.message.Stop;
import hapmeter.protocol.transfer.Encoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated frames into the frame reader and the dispatcher (fake tracefs, no process
 * ever started): nothing throws, every intact request gets an OK or ERR reply with its id, and
 * every reply re-encodes to the same message within a frame.
 */
class DispatcherFuzzTest {
    private static final long SEED = 0x6861706d65746572L;
    private static final int FRAMES = 100_000;
    private static final int PER_STREAM = 400;
    private static final String[] ATOMS = {"", "0", "-1", "1", "65536", "2147483648", "9223372036854775807", "99999999999999999999",
        "true", "false", "trace", "kallsyms", "line", "gzip", "identity", "none", "tap", "output", "kernel-listen",
        "socket", "..", "../x", "a,b,,c", "1,2,3", ",", "%", "é中", "\u0000", "\n", " ", "=&"};

    @TempDir
    Path dir;

    private static final List<ProbeRequest<?>> TEMPLATES = List.of(
            new Hello.Request(Frames.VERSION), new Hello.Request(1), new Status.Request(),
            new Start.Request("socket", List.of("/opt/hapmeter/bin/httpd", "80"), List.of("tun.ko"),
                    Map.of("svm", List.of("kvm.ko")), List.of("/dev/null"), "none", 80, "kernel-listen", null, 100,
                    List.of("runsc", "state", "x")),
            new Arm.Request("socket", 4096), new Disarm.Request(),
            new Pull.Request(Pull.Source.TRACE, null), new Pull.Request(Pull.Source.TRACE, Encoding.GZIP),
            new Pull.Request(Pull.Source.KALLSYMS, Encoding.IDENTITY), new PullChunk.Request(0, 100),
            new PullChunk.Request(5, 1 << 20), new Stop.Request("socket"), new Shutdown.Request());

    @Test
    void randomAndMutatedFramesNeverCrashAndEveryRequestIsAnswered() throws IOException {
        Set<Command> templated = EnumSet.noneOf(Command.class);
        TEMPLATES.forEach(t -> templated.add(t.command()));
        assertEquals(EnumSet.allOf(Command.class), templated, "a command without a template");

        Dispatcher dispatcher = new Dispatcher(FakeGuest.create(dir, FakeGuest.NO_EXEC));
        Random rnd = new Random(SEED);
        long t0 = System.nanoTime();
        int frames = 0;
        int dispatched = 0;
        int ok = 0;
        int intact = 0;
        try {
            while (frames < FRAMES) {
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                Set<Message> sent = new HashSet<>();
                for (int i = 0; i < PER_STREAM; i++, frames++) {
                    Message m = randomRequest(rnd, frames);
                    byte[] frame = Frames.encode(m);
                    // As the other end decodes it; a mutation may leave a frame intact (noise before it).
                    sent.add(Frames.decode(new String(frame, 0, frame.length - 1, StandardCharsets.ISO_8859_1)));
                    int how = rnd.nextInt(10);
                    if (how < 4) {
                        // intact, often with random field values
                        intact++;
                    } else {
                        frame = mutate(rnd, how, frame);
                    }
                    wire.writeBytes(frame);
                }
                FrameReader reader = new FrameReader(new ByteArrayInputStream(wire.toByteArray()));
                Message req;
                while ((req = reader.next()) != null) {
                    assertTrue(sent.contains(req), "the reader made up a frame: " + req);
                    Dispatcher.Answer a = dispatcher.dispatch(req);
                    dispatched++;
                    Message reply = a.reply();
                    assertEquals(req.id(), reply.id());
                    assertTrue(reply.kind() == Message.Kind.OK || reply.kind() == Message.Kind.ERR, reply::toString);
                    ok += reply.kind() == Message.Kind.OK ? 1 : 0;
                    assertTrue(a.frame().length <= Frames.MAX_FRAME, "reply frame of " + a.frame().length + " bytes");
                    assertEquals(reply, Frames.decode(new String(a.frame(), 0, a.frame().length - 1,
                            StandardCharsets.US_ASCII)), "the reply does not re-encode to itself");
                }
            }
        } catch (Throwable e) {
            fail("fuzz seed " + SEED + ", after frame " + frames + ": " + e, e);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz seed %d: %d frames (%d intact), %d requests dispatched (%d OK) in %.1f s%n", SEED,
                frames, intact, dispatched, ok, s);
        assertTrue(dispatched > intact * 9 / 10, "intact frames lost: " + dispatched + " of " + intact);
        assertTrue(ok > 1000, "hardly any request succeeded: the fuzzer only tests decoding errors");
    }

    /** A template, or with some fields given random values, dropped or added; now and then a random name. */
    private static Message randomRequest(Random rnd, long id) {
        ProbeRequest<?> t = TEMPLATES.get(rnd.nextInt(TEMPLATES.size()));
        Map<String, String> fields = new LinkedHashMap<>(t.fields());
        if (rnd.nextInt(3) > 0) {
            for (String k : new ArrayList<>(fields.keySet())) {
                int r = rnd.nextInt(6);
                if (r == 0) {
                    fields.remove(k);
                } else if (r == 1) {
                    fields.put(k, value(rnd));
                }
            }
            if (rnd.nextInt(4) == 0) {
                fields.put(rnd.nextBoolean() ? "arg." + rnd.nextInt(3) : value(rnd), value(rnd));
            }
        }
        String name = rnd.nextInt(50) == 0 ? "X" + rnd.nextInt(1000) : t.command().name();
        Message m = new Message(Message.Kind.REQ, id, name, fields);
        try {
            Frames.encode(m);
            return m;
        } catch (Frames.TooLong e) {
            return Message.request(id, t.command(), t.fields());
        }
    }

    private static String value(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
            case 1 -> ATOMS[rnd.nextInt(ATOMS.length)];
            case 2 -> ATOMS[rnd.nextInt(ATOMS.length)] + "," + rnd.nextInt(100_000);
            case 3 -> "x".repeat(rnd.nextInt(rnd.nextInt(20) == 0 ? 30_000 : 100));
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = rnd.nextInt(40); i > 0; i--) {
                    sb.append((char) (rnd.nextBoolean() ? 32 + rnd.nextInt(95) : 0x00a0 + rnd.nextInt(0x2000)));
                }
                yield sb.toString();
            }
        };
    }

    private static byte[] mutate(Random rnd, int how, byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (how) {
            case 4, 5 -> {
                for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                    frame[rnd.nextInt(frame.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                out.writeBytes(frame);
            }
            case 6 -> out.write(frame, 0, rnd.nextInt(frame.length));
            case 7 -> {
                int at = rnd.nextInt(frame.length);
                out.write(frame, 0, at);
                out.writeBytes(noise(rnd, 1 + rnd.nextInt(200)));
                out.write(frame, at, frame.length - at);
            }
            case 8 -> {
                if (rnd.nextInt(20) == 0) {
                    // an oversize line, ending in a newline so that what follows starts afresh
                    out.writeBytes(noise(rnd, Frames.MAX_FRAME + rnd.nextInt(1000)));
                    out.write('\n');
                } else {
                    out.writeBytes(noise(rnd, rnd.nextInt(300)));
                }
            }
            default -> {
                out.writeBytes(Frames.MARKER.getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(noise(rnd, rnd.nextInt(100)));
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static byte[] noise(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
