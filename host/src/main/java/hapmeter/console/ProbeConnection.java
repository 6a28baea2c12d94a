package hapmeter.console;

import hapmeter.HapmeterException;
import hapmeter.protocol.Command;
import hapmeter.protocol.Frames;
import hapmeter.protocol.message.Hello;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.transfer.Encoding;
import hapmeter.protocol.transfer.Sha256;
import hapmeter.vm.Duplex;
import hapmeter.vm.TestMachine;
import hapmeter.vm.WaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Control client + bulk channel of one running probe, opened on a test machine's ports. A machine
 * without a bulk port (bare metal on a serial cable) gets its files over the control line instead.
 */
public final class ProbeConnection implements AutoCloseable {
    private final Duplex control;
    private final ProbeClient client;
    private final BulkChannel bulk;
    private final LinePull linePull;
    private Hello.Reply hello;

    private ProbeConnection(Duplex control, BulkChannel bulk, Consumer<String> progress) {
        this.control = control;
        this.client = new ProbeClient(control.in(), control.out());
        this.bulk = bulk;
        this.linePull = bulk == null ? new LinePull(client, progress) : null;
    }

    /** PROGRESS gets a line now and then while a file comes over the (slow) control line. */
    public static ProbeConnection open(TestMachine machine, Consumer<String> progress) {
        Duplex control = machine.openControl();
        try {
            return new ProbeConnection(control, machine.openData()
                    .map(first -> new BulkChannel(first, () -> machine.openData().orElseThrow())).orElse(null), progress);
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /** Readiness: the probe answers HELLO with our protocol version. */
    public WaitStrategy ready() {
        return new WaitStrategy() {
            @Override
            public boolean poll(TestMachine machine) {
                try {
                    hello = client.call(new Hello.Request(Frames.VERSION), Duration.ofSeconds(1));
                    return true;
                } catch (ProbeException e) {
                    if (e.getMessage().contains("version mismatch")) {
                        throw e;
                    }
                    return false;
                }
            }

            @Override
            public String describe() {
                return "the probe's HELLO on the control port";
            }
        };
    }

    /**
     * Pulls WHAT into DEST and returns its sha256, verified against the probe's; over the bulk
     * port with one retry on mismatch, as a corrupted transfer is rare and cheap to redo; over the
     * control line chunk by chunk (see {@link LinePull}).
     */
    public String pull(Pull.Source what, Path dest) {
        if (linePull != null) {
            return linePull.pull(what, dest, Encoding.GZIP).sha256();
        }
        for (int attempt = 1; ; attempt++) {
            Pull.Reply r = client.call(new Pull.Request(what, null));
            Sha256.Copied got = bulk.receive(r.transfer(), r.size(), dest, Command.PULL.timeout());
            if (got.size() == r.size() && got.sha256().equals(r.sha256())) {
                return got.sha256();
            }
            if (attempt == 2) {
                throw new HapmeterException(what.wire() + " transfer corrupted twice: " + got.size() + "/" + r.size()
                        + " bytes, sha256 " + got.sha256() + " instead of " + r.sha256());
            }
        }
    }

    /** The pull over the control line, for a machine without a bulk port; null when it has one. */
    public LinePull linePull() {
        return linePull;
    }

    public Hello.Reply hello() {
        return hello;
    }

    public ProbeClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        control.close();
        if (bulk != null) {
            bulk.close();
        }
    }
}
