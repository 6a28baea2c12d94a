package hapmeter.probe;

import hapmeter.protocol.Command;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.message.Arm;
import hapmeter.protocol.message.Disarm;
import hapmeter.protocol.message.Hello;
import hapmeter.protocol.message.ProbeReply;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.PullChunk;
import hapmeter.protocol.message.Shutdown;
import hapmeter.protocol.message.Start;
import hapmeter.protocol.message.Status;
import hapmeter.protocol.message.Stop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns each request into its reply: decodes the typed request, runs its handler, encodes the
 * frame. Every request gets a frame that fits in {@link Frames#MAX_FRAME}: a failure of any kind
 * is an ERR reply, never an exception out of here.
 */
final class Dispatcher {
    /** Keeps an ERR reply well inside a frame whatever an exception's message quotes. */
    private static final int MAX_ERROR = 2000;
    private static final Runnable NOTHING = () -> { };

    private final Guest guest;
    private final Workloads workloads;
    private final Tracing tracing;
    private final Pulls pulls;
    private final int self = Math.toIntExact(ProcessHandle.current().pid());

    Dispatcher(Guest guest) {
        this.guest = guest;
        this.workloads = new Workloads(guest);
        this.tracing = new Tracing(guest.tracefs());
        this.pulls = new Pulls(guest);
    }

    /**
     * FRAME answers the request; THEN runs once it is sent (a bulk transfer follows its PULL
     * reply); after a LAST answer (SHUTDOWN's) the probe stops serving.
     */
    record Answer(Message reply, byte[] frame, Runnable then, boolean last) {
    }

    Answer dispatch(Message req) {
        Answer a;
        try {
            a = handle(req);
        } catch (Unavailable e) {
            a = answer(req.unavailable(cut(e.getMessage())));
        } catch (Throwable e) {
            // Whatever went wrong, the host gets an answer and the probe stays up for the next request.
            a = answer(req.error(cut(e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        return a;
    }

    private Answer handle(Message req) throws Exception {
        Command c = Command.byName(req.name());
        if (c == null) {
            throw new IllegalArgumentException("unknown command " + cut(req.name()));
        }
        return switch (c) {
            case HELLO -> ok(req, hello(Hello.Request.decode(req)));
            case STATUS -> {
                Status.Request.decode(req);
                yield ok(req, new Status.Reply(guest.tracefs().tracer(), workloads.names()));
            }
            case START -> ok(req, start(Start.Request.decode(req)));
            case ARM -> {
                Arm.Request r = Arm.Request.decode(req);
                yield ok(req, tracing.arm(workloads.get(r.workload()), r.bufferKb()));
            }
            case DISARM -> {
                Disarm.Request.decode(req);
                yield ok(req, tracing.disarm());
            }
            case PULL -> {
                Pull.Request r = Pull.Request.decode(req);
                Answer a = ok(req, pulls.pull(req.id(), r));
                yield r.lineEncoding() != null || a.reply().kind() != Message.Kind.OK ? a
                        : new Answer(a.reply(), a.frame(), () -> pulls.send(req.id()), false);
            }
            case PULL_CHUNK -> ok(req, pulls.chunk(PullChunk.Request.decode(req)));
            case STOP -> {
                Stop.Request r = Stop.Request.decode(req);
                // After a failed request the window may still be armed: close it first.
                tracing.off();
                yield ok(req, workloads.stop(r.name()));
            }
            case SHUTDOWN -> {
                Shutdown.Request.decode(req);
                tracing.off();
                workloads.stopAll();
                Answer a = ok(req, new Shutdown.Reply());
                yield new Answer(a.reply(), a.frame(), NOTHING, true);
            }
        };
    }

    private Hello.Reply hello(Hello.Request r) throws Exception {
        if (r.version() != Frames.VERSION) {
            throw new IllegalStateException("protocol version mismatch: host " + r.version() + ", probe " + Frames.VERSION);
        }
        Tracefs t = guest.tracefs();
        return new Hello.Reply(Frames.VERSION, Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), self,
                t.available(), t.available() ? t.availableTracers() : List.of());
    }

    private Start.Reply start(Start.Request r) throws Exception {
        RunningWorkload w = workloads.start(r);
        try {
            return new Start.Reply(w.pid(), self, tracing.select(w.pids()));
        } catch (Exception e) {
            workloads.discard(r.name(), e);
            throw e;
        }
    }

    private static Answer ok(Message req, ProbeReply reply) {
        return answer(req.ok(reply.fields()));
    }

    /** REPLY as a frame; one too long for a frame becomes an ERR that says so. */
    private static Answer answer(Message reply) {
        try {
            return new Answer(reply, Frames.encode(reply), NOTHING, false);
        } catch (Frames.TooLong e) {
            String why = "the reply of " + e.length() + " bytes exceeds the frame limit of " + Frames.MAX_FRAME + " bytes";
            Message err = reply.error(why);
            try {
                return new Answer(err, Frames.encode(err), NOTHING, false);
            } catch (Frames.TooLong nameTooLong) {
                // Only an unknown command's name can be this long; the host matches replies by id.
                Message bare = new Message(Message.Kind.ERR, reply.id(), Message.Kind.ERR.name(), Map.of()).error(why);
                return new Answer(bare, Frames.encode(bare), NOTHING, false);
            }
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return "(no message)";
        }
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "...";
    }
}
