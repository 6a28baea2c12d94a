package hapmeter.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.message.Arm;
import hapmeter.protocol.message.Disarm;
import hapmeter.protocol.message.ProbeReply;
import hapmeter.protocol.message.ProbeRequest;
import hapmeter.protocol.message.Start;
import hapmeter.protocol.message.Stop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's commands against a fake tracefs; workloads are real (sh), nothing else runs. */
class DispatcherTest {
    private static final int SELF = Math.toIntExact(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void armWalksTheWorkloadAfreshAndSetsUpTracingDisarmReadsThePidsBack() throws Exception {
        Guest guest = FakeGuest.create(dir, new LocalExec(dir));
        Dispatcher d = new Dispatcher(guest);
        // The shell forks a child after START: ARM must find it.
        call(d, start("w", List.of("sh", "-c", "echo ready; sleep 0.3; sleep 30 & wait"), List.of()));
        Thread.sleep(800);
        int pid = call(d, new Arm.Request("w", 2048)).pids().first();
        SortedSet<Integer> armed = call(d, new Arm.Request("w", 2048)).pids();
        assertTrue(armed.size() >= 2, "the shell and its sleep: " + armed);
        assertTrue(armed.contains(pid));
        Path t = dir.resolve("tracing");
        String pids = armed.stream().map(String::valueOf).collect(Collectors.joining(" "));
        assertEquals(pids, read(t, "set_ftrace_pid"));
        assertEquals(pids, read(t, "set_event_pid"));
        assertEquals("0", read(t, "options/overwrite"));
        assertEquals("0", read(t, "options/funcgraph-irqs"));
        assertEquals("1", read(t, "options/funcgraph-proc"));
        assertEquals("1", read(t, "options/funcgraph-tail"));
        assertEquals("1", read(t, "options/function-fork"));
        assertEquals("1", read(t, "options/event-fork"));
        assertEquals("1", read(t, "events/sched/sched_process_fork/enable"));
        assertEquals("2048", read(t, "buffer_size_kb"));
        assertEquals("function_graph", read(t, "current_tracer"));
        assertEquals("1", read(t, "tracing_on"));

        Disarm.Reply disarmed = call(d, new Disarm.Request());
        assertEquals(armed, disarmed.pids());
        assertEquals(List.of(1L, 3L, 2L, 15L), List.of(disarmed.overrun(), disarmed.commitOverrun(),
                disarmed.dropped(), disarmed.entries()));
        assertEquals("0", read(t, "tracing_on"));

        Stop.Reply stopped = call(d, new Stop.Request("w"));
        assertEquals(false, stopped.exitedBefore());
        assertEquals("0", read(t, "events/sched/sched_process_fork/enable"));
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "the workload still runs");
    }

    @Test
    void refusesToArmATreeThatHoldsTheProbe() throws Exception {
        Dispatcher d = new Dispatcher(FakeGuest.create(dir, new LocalExec(dir)));
        // The runtime's state command names the probe's own pid as the container's.
        call(d, start("w", List.of("sh", "-c", "echo ready; exec sleep 30"),
                List.of("echo", "{\"id\":\"w\",\"pid\": " + SELF + "}")));
        Message reply = d.dispatch(request(new Arm.Request("w", 1024))).reply();
        assertEquals(Message.Kind.ERR, reply.kind());
        assertTrue(reply.errorText().contains("refusing to trace the probe itself (pid " + SELF), reply.errorText());
        call(d, new Stop.Request("w"));
    }

    @Test
    void aReplyTooLongForAFrameIsAnErrorThatSaysSoAndTheNextRequestIsServed() throws Exception {
        Guest guest = FakeGuest.create(dir, FakeGuest.NO_EXEC);
        // function-fork added thousands of pids: more than one frame holds.
        Files.writeString(dir.resolve("tracing").resolve("set_ftrace_pid"),
                IntStream.rangeClosed(100_000, 115_000).mapToObj(String::valueOf).collect(Collectors.joining("\n")));
        Dispatcher d = new Dispatcher(guest);
        Dispatcher.Answer a = d.dispatch(request(new Disarm.Request()));
        assertEquals(Message.Kind.ERR, a.reply().kind());
        assertTrue(a.reply().errorText().matches("the reply of \\d+ bytes exceeds the frame limit of 65536 bytes"),
                a.reply().errorText());
        assertTrue(a.frame().length <= Frames.MAX_FRAME);
        Files.writeString(dir.resolve("tracing").resolve("set_ftrace_pid"), "7\n8\n");
        assertEquals(List.of(7, 8), List.copyOf(call(d, new Disarm.Request()).pids()));
    }

    @Test
    void anUnknownCommandWithAHugeNameStillGetsAnErrorThatFits() throws Exception {
        Dispatcher d = new Dispatcher(FakeGuest.create(dir, FakeGuest.NO_EXEC));
        Message req = new Message(Message.Kind.REQ, 3, "X".repeat(Frames.MAX_FRAME - 40), Map.of());
        Dispatcher.Answer a = d.dispatch(req);
        assertEquals(Message.Kind.ERR, a.reply().kind());
        assertEquals(3, a.reply().id());
        assertTrue(a.frame().length <= Frames.MAX_FRAME);
    }

    private static Start.Request start(String name, List<String> argv, List<String> state) {
        return new Start.Request(name, argv, List.of(), Map.of(), List.of(), "none", 1, "output", "ready", 10_000, state);
    }

    static Message request(ProbeRequest<?> r) {
        return Message.request(1, r.command(), r.fields());
    }

    private static <R extends ProbeReply> R call(Dispatcher d, ProbeRequest<R> r) {
        Message reply = d.dispatch(request(r)).reply();
        assertEquals(Message.Kind.OK, reply.kind(), () -> r.command() + ": " + reply.errorText());
        return r.reply(reply);
    }

    private static String read(Path tracefs, String file) throws IOException {
        return Files.readString(tracefs.resolve(file)).trim();
    }
}
