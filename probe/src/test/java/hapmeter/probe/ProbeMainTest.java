package hapmeter.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.protocol.Command;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request damaged on the line is answered, so the host need not wait out its timeout; noise is not. */
class ProbeMainTest {
    @Test
    void aDamagedRequestGetsAnErrForItsId() {
        String frame = new String(Frames.encode(Message.request(7, Command.ARM, Map.of("workload", "socket"))),
                StandardCharsets.US_ASCII).strip();
        String damaged = frame.replace("socket", "sockeT");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProbeMain.answerDamaged(damaged, out);
        Message reply = Frames.decode(out.toString(StandardCharsets.US_ASCII).strip());
        assertEquals(7, reply.id());
        assertTrue(reply.isDamagedRequest(), reply.toString());

        out.reset();
        ProbeMain.answerDamaged("#HM1 garbage", out);
        assertEquals(0, out.size(), "no id, no answer");
    }
}
