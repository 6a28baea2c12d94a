package hapmeter.probe;

import hapmeter.protocol.FrameReader;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The in-VM agent, started by /init: answers the host's requests on the control serial port and
 * streams bulk data on the virtio-serial port. It writes nothing else anywhere: the kernel
 * console belongs to the kernel. Without a bulk port (a bare-metal machine on a serial cable)
 * the host pulls files over the control line, compressed, in checksummed chunks.
 *
 * <p>Usage: {@code probe CONTROL_TTY DATA_PORT|"" [TRACEFS]}.
 */
public final class ProbeMain {
    private ProbeMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: probe CONTROL_TTY DATA_PORT|\"\" [TRACEFS]");
            System.exit(2);
        }
        Guest guest = Guest.local(Path.of(args.length > 2 ? args[2] : "/sys/kernel/tracing"),
                args[1].isEmpty() ? null : Path.of(args[1]));
        Files.createDirectories(guest.workDir());
        try (InputStream in = new BufferedInputStream(new FileInputStream(args[0]));
                OutputStream out = new FileOutputStream(args[0])) {
            serve(new FrameReader(in, line -> answerDamaged(line, out)), out, new Dispatcher(guest));
        }
    }

    /**
     * A request whose frame failed its checksum cannot be served, but its id can usually be read:
     * an ERR for that id lets the host resend an idempotent command at once instead of waiting.
     */
    static void answerDamaged(String line, OutputStream out) {
        long id = Frames.requestIdHint(line);
        if (id < 0) {
            return;
        }
        try {
            out.write(Frames.encode(Message.damagedRequest(id)));
            out.flush();
        } catch (IOException e) {
            // the line itself is failing: the serve loop will see it
        }
    }

    /** Answers each request until the line closes or SHUTDOWN; only a failing line ends it early. */
    static void serve(FrameReader reader, OutputStream out, Dispatcher dispatcher) throws IOException {
        Message req;
        while ((req = reader.next()) != null) {
            if (req.kind() != Message.Kind.REQ) {
                continue;
            }
            Dispatcher.Answer a = dispatcher.dispatch(req);
            out.write(a.frame());
            out.flush();
            a.then().run();
            if (a.last()) {
                return;
            }
        }
    }
}
