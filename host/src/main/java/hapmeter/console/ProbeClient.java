package hapmeter.console;

import hapmeter.protocol.Command;
import hapmeter.protocol.FrameReader;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.message.ProbeReply;
import hapmeter.protocol.message.ProbeRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host end of the control protocol: numbered requests, responses matched by id, a timeout per
 * command. A reader thread takes frames off the line; noise and broken frames are skipped there.
 */
public final class ProbeClient implements AutoCloseable {
    private final OutputStream out;
    private final Map<Long, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    /** Replies that came after their call had given up, until taken: what a slow probe said in the end. */
    private final Queue<Message> late = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final FrameReader reader;
    private final Thread thread;
    private volatile String closedBecause;

    public ProbeClient(InputStream in, OutputStream out) {
        this.out = out;
        this.reader = new FrameReader(new BufferedInputStream(in), this::damaged);
        this.thread = new Thread(this::readLoop, "probe-control-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void readLoop() {
        String why = "control line closed";
        try {
            Message m;
            while ((m = reader.next()) != null) {
                // REQ frames are our own, echoed by the guest tty before the probe set it raw.
                if (m.kind() != Message.Kind.REQ) {
                    CompletableFuture<Message> f = pending.remove(m.id());
                    if (f != null) {
                        f.complete(m);
                    } else {
                        late.add(m);
                    }
                }
            }
        } catch (IOException e) {
            why = "control line failed: " + e.getMessage();
        }
        closedBecause = why;
        pending.values().forEach(f -> f.completeExceptionally(new ProbeException(closedBecause)));
    }

    /** A response that failed its checksum fails its call at once: the caller may ask again without a timeout. */
    private void damaged(String line) {
        long id = Frames.responseIdHint(line);
        CompletableFuture<Message> f = id < 0 ? null : pending.remove(id);
        if (f != null) {
            f.completeExceptionally(new ProbeException("the response to request " + id + " failed its frame checksum",
                    false, true));
        }
    }

    /** Whether the control line is still open (a failed call on an open line may be retried). */
    public boolean isOpen() {
        return closedBecause == null;
    }

    public <R extends ProbeReply> R call(ProbeRequest<R> request) {
        return call(request, request.command().timeout());
    }

    /**
     * Sends REQUEST and waits for its reply; ERR, a malformed reply, a timeout or a closed line is a
     * {@link ProbeException}.
     */
    public <R extends ProbeReply> R call(ProbeRequest<R> request, Duration timeout) {
        return call(request, timeout, true);
    }

    /** As {@link #call}, never sent twice: for a caller that resends in its own way (LinePull's chunks). */
    public <R extends ProbeReply> R callOnce(ProbeRequest<R> request) {
        return call(request, request.command().timeout(), false);
    }

    private <R extends ProbeReply> R call(ProbeRequest<R> request, Duration timeout, boolean mayResend) {
        Command c = request.command();
        Message m;
        try {
            m = exchange(c, request.fields(), timeout);
        } catch (ProbeException e) {
            // A request the probe says reached it damaged was never served: any command may go again. A reply
            // damaged or lost leaves it unknown whether the probe served it: only an idempotent one. Once.
            boolean again = e.neverServed() || c.idempotent() && e.lostOnTheLine();
            if (!mayResend || !again || !isOpen()) {
                throw e;
            }
            m = exchange(c, request.fields(), timeout);
        }
        try {
            return request.reply(m);
        } catch (IllegalArgumentException e) {
            throw new ProbeException("malformed " + c + " reply: " + e.getMessage());
        }
    }

    private Message exchange(Command c, Map<String, String> fields, Duration timeout) {
        if (closedBecause != null) {
            throw new ProbeException(c + ": " + closedBecause);
        }
        long id = ids.incrementAndGet();
        long skippedBefore = reader.skipped();
        CompletableFuture<Message> f = new CompletableFuture<>();
        pending.put(id, f);
        try {
            synchronized (out) {
                out.write(Frames.encode(Message.request(id, c, fields)));
                out.flush();
            }
            Message m = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m.isDamagedRequest()) {
                throw ProbeException.damagedRequest(c + ": " + m.errorText());
            }
            if (m.isUnavailable()) {
                throw new ProbeException(m.errorText(), true);
            }
            if (m.kind() == Message.Kind.ERR) {
                throw new ProbeException("probe refused " + c + ": " + m.errorText());
            }
            return m;
        } catch (TimeoutException e) {
            // Unreadable lines meanwhile tell a reply lost on the line from a probe that never sent one.
            throw new ProbeException("probe did not answer " + c + " within " + timeout.toMillis() + " ms ("
                    + (reader.skipped() - skippedBefore) + " unreadable lines on the control line meanwhile)", false, true);
        } catch (ExecutionException e) {
            boolean lost = e.getCause() instanceof ProbeException pe && pe.lostOnTheLine();
            throw new ProbeException(c + ": " + e.getCause().getMessage(), false, lost);
        } catch (IOException e) {
            throw new ProbeException("cannot send " + c + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException(c + " interrupted");
        } finally {
            pending.remove(id);
        }
    }

    /**
     * The replies that came after their calls had timed out, one line each (request id, command, OK or ERR with
     * its text), and forgets them: a START the host gave up on may still say why it failed.
     */
    public List<String> takeLateReplies() {
        List<String> lines = new ArrayList<>();
        for (Message m; (m = late.poll()) != null; ) {
            lines.add("request " + m.id() + " (" + m.name() + "): "
                    + (m.kind() == Message.Kind.ERR ? "ERR " + m.errorText() : m.kind().name()));
        }
        return lines;
    }

    /** Frames skipped so far (noise, truncated, corrupted). */
    public long skippedFrames() {
        return reader.skipped();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
