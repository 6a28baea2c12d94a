package hapmeter.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static Message sample(long id) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("argv", "/opt/hapmeter/bin/httpd-socket 80");
        f.put("note", "100% & = spaces\tand ünïcode");
        f.put("empty", "");
        return Message.request(id, Command.START, f);
    }

    @Test
    void roundTripsEveryByteOfTheFields() {
        Message m = sample(7);
        String line = new String(Frames.encode(m), StandardCharsets.US_ASCII);
        assertEquals(m, Frames.decode(line.substring(0, line.length() - 1)));
        assertEquals(m.ok(Map.of()), Frames.decode(stripNl(Frames.encode(m.ok(Map.of())))));
    }

    @Test
    void rejectsAnyCorruptedByte() {
        String line = stripNl(Frames.encode(sample(1)));
        for (int i = 0; i < line.length(); i++) {
            char[] c = line.toCharArray();
            c[i] = c[i] == 'x' ? 'y' : 'x';
            assertNull(Frames.decode(new String(c)), "corruption at " + i + " accepted");
        }
    }

    @Test
    void rejectsEveryTruncation() {
        String line = stripNl(Frames.encode(sample(1)));
        for (int n = 0; n < line.length(); n++) {
            assertNull(Frames.decode(line.substring(0, n)), "truncation at " + n + " accepted");
        }
    }

    @Test
    void readerSkipsNoiseTruncatedAndCorruptedFramesAndKeepsIntactOnes() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes("[    3.141592] random: crng init done\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] one = Frames.encode(sample(1));
        wire.write(one, 0, one.length / 2); // truncated: the rest of this frame never arrives
        wire.writeBytes(Frames.encode(sample(2))); // glued to the truncated one, still found
        byte[] three = Frames.encode(sample(3));
        three[12] ^= 0x20; // corrupted in flight
        wire.writeBytes(three);
        wire.writeBytes(new byte[] {0, (byte) 0xff, 0x1b, '[', '0', 'm', '\n'});
        wire.writeBytes(new byte[Frames.MAX_FRAME + 10]); // an overlong line of zeros
        wire.write('\n');
        wire.writeBytes(Frames.encode(sample(4)));
        FrameReader r = new FrameReader(new ByteArrayInputStream(wire.toByteArray()));
        assertEquals(2, r.next().id());
        assertEquals(4, r.next().id());
        assertNull(r.next());
        assertEquals(4, r.skipped());
    }

    @Test
    void unknownCommandNameIsNullNotACrash() {
        assertNull(Command.byName("REBOOT"));
        assertEquals(Command.ARM, Command.byName("ARM"));
    }

    private static String stripNl(byte[] frame) {
        return new String(frame, 0, frame.length - 1, StandardCharsets.US_ASCII);
    }
}
