package hapmeter.protocol.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.protocol.Command;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.transfer.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every typed request and reply survives the wire: record, fields, frame, fields, record. */
class MessagesTest {
    static final List<ProbeRequest<?>> REQUESTS = List.of(
            new Hello.Request(Frames.VERSION),
            new Status.Request(),
            new Start.Request("redis-runsc", List.of("/bin/sh", "-c", "a, b & c=d"), List.of("tun.ko", "kvm.ko"),
                    cpuModules(), List.of("/dev/kvm"), "tap", 6379, "output", "Ready to accept", 30_000,
                    List.of("runsc", "state", "redis")),
            new Start.Request("socket", List.of("httpd"), List.of(), Map.of(), List.of(), "none", 80, "kernel-listen",
                    null, 0, List.of()),
            new Arm.Request("socket", 4096),
            new Disarm.Request(),
            new Pull.Request(Pull.Source.TRACE, null),
            new Pull.Request(Pull.Source.KALLSYMS, Encoding.GZIP),
            new PullChunk.Request(1L << 40, 16384),
            new Stop.Request("socket"),
            new Shutdown.Request());

    private static Map<String, List<String>> cpuModules() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("svm", List.of("kvm.ko", "kvm-amd.ko"));
        m.put("vmx", List.of("kvm.ko", "kvm-intel.ko"));
        return m;
    }

    @Test
    void everyRequestRoundTripsThroughAFrame() {
        Set<Command> covered = EnumSet.noneOf(Command.class);
        for (ProbeRequest<?> r : REQUESTS) {
            Message m = wire(Message.request(9, r.command(), r.fields()));
            assertEquals(r, decode(m), r.toString());
            covered.add(r.command());
        }
        assertEquals(EnumSet.allOf(Command.class), covered, "a command without a typed request");
    }

    @Test
    void repliesRoundTripThroughAFrame() {
        SortedSet<Integer> pids = new TreeSet<>(List.of(40, 12, 13));
        assertReply(new Hello.Request(3), new Hello.Reply(3, "6.1.0-56-amd64", 77, true, List.of("function_graph", "nop")));
        assertReply(new Status.Request(), new Status.Reply("nop", List.of()));
        assertReply(REQUESTS.get(2), new Start.Reply(120, 77, 2300));
        assertReply(new Arm.Request("socket", 1), new Arm.Reply(pids));
        assertReply(new Arm.Request("socket", 1), new Arm.Reply(new TreeSet<>()));
        assertReply(new Disarm.Request(), new Disarm.Reply(1, 2, 3, 4, pids));
        assertReply(new Pull.Request(Pull.Source.TRACE, null), new Pull.Reply(5, 10, "ab12", null));
        assertReply(new Pull.Request(Pull.Source.TRACE, Encoding.IDENTITY), new Pull.Reply(5, 10, "ab12", 10L));
        assertReply(new Stop.Request("socket"), new Stop.Reply(137, true, "Killed\n& 100%"));
        assertReply(new Stop.Request("socket"), new Stop.Reply(0, false, null));
        assertReply(new Shutdown.Request(), new Shutdown.Reply());
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        PullChunk.Request chunk = new PullChunk.Request(0, 256);
        assertArrayEquals(data, chunk.reply(wire(Message.request(9, chunk.command(), chunk.fields())
                .ok(new PullChunk.Reply(data).fields()))).data());
    }

    @Test
    void pidsAreOneCommaListOfPositiveInts() {
        assertEquals("12,13,40", Pids.encode(new TreeSet<>(List.of(40, 13, 12))));
        assertEquals(new TreeSet<>(List.of(12, 13, 40)), Pids.decode("40,12,13"));
        assertEquals(Set.of(), Pids.decode(""));
        assertThrows(IllegalArgumentException.class, () -> Pids.decode("12,,13"));
        assertThrows(IllegalArgumentException.class, () -> Pids.decode("-1"));
        assertThrows(IllegalArgumentException.class, () -> Pids.decode("4294967296"));
    }

    @Test
    void malformedFieldsAreErrorsNamingTheField() {
        Message arm = Message.request(1, Command.ARM, Map.of("workload", "socket", "buffer_kb", "lots"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arm.Request.decode(arm));
        assertTrue(e.getMessage().contains("buffer_kb"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Arm.Request.decode(
                Message.request(1, Command.ARM, Map.of("workload", "../etc", "buffer_kb", "1"))));
        assertThrows(IllegalArgumentException.class, () -> Pull.Request.decode(
                Message.request(1, Command.PULL, Map.of("what", "/etc/shadow"))));
        assertThrows(IllegalArgumentException.class, () -> Pull.Request.decode(
                Message.request(1, Command.PULL, Map.of("what", "trace", "via", "line", "encoding", "zstd"))));
        assertNull(Pull.Request.decode(Message.request(1, Command.PULL, Map.of("what", "trace"))).lineEncoding());
    }

    private static void assertReply(ProbeRequest<?> request, ProbeReply reply) {
        Message ok = wire(Message.request(5, request.command(), request.fields()).ok(reply.fields()));
        assertEquals(reply, request.reply(ok));
    }

    /** M as the other end sees it. */
    private static Message wire(Message m) {
        byte[] frame = Frames.encode(m);
        return Frames.decode(new String(frame, 0, frame.length - 1, StandardCharsets.US_ASCII));
    }

    /** The probe's decoding, one branch per command. */
    static ProbeRequest<?> decode(Message m) {
        return switch (Command.byName(m.name())) {
            case HELLO -> Hello.Request.decode(m);
            case STATUS -> Status.Request.decode(m);
            case START -> Start.Request.decode(m);
            case ARM -> Arm.Request.decode(m);
            case DISARM -> Disarm.Request.decode(m);
            case PULL -> Pull.Request.decode(m);
            case PULL_CHUNK -> PullChunk.Request.decode(m);
            case STOP -> Stop.Request.decode(m);
            case SHUTDOWN -> Shutdown.Request.decode(m);
        };
    }
}
