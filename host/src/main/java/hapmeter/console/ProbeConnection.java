package hapmeter.console;

import hapmeter.protocol.Command;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.vm.TestVm;
import hapmeter.vm.WaitStrategy;
import hapmeter.HapmeterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Control client + bulk channel of one running probe, opened on a test VM's ports. */
public final class ProbeConnection implements AutoCloseable {
    private final SerialLink serial;
    private final ProbeClient client;
    private final BulkChannel bulk;
    private Message hello;

    private ProbeConnection(SerialLink serial, BulkChannel bulk) {
        this.serial = serial;
        this.client = new ProbeClient(serial.in(), serial.out());
        this.bulk = bulk;
    }

    public static ProbeConnection open(TestVm vm) {
        return new ProbeConnection(SerialLink.open(vm.controlPty(), 115200), BulkChannel.connect(vm.dataSocket()));
    }

    /** Readiness: the probe answers HELLO with our protocol version. */
    public WaitStrategy ready() {
        return new WaitStrategy() {
            @Override
            public boolean poll(TestVm vm) {
                try {
                    hello = client.call(Command.HELLO, Map.of("version", Integer.toString(Frames.VERSION)),
                            Duration.ofSeconds(1));
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
     * Pulls WHAT ("trace", "kallsyms") into DEST and returns its sha256, verified against the
     * probe's; one retry on mismatch, as a corrupted transfer is rare and cheap to redo.
     */
    public String pull(String what, Path dest) {
        for (int attempt = 1; ; attempt++) {
            Message r = client.call(Command.PULL, Map.of("what", what));
            long size = Long.parseLong(r.require("size"));
            BulkChannel.Received got = bulk.receive(r.id(), size, dest, Command.PULL.timeout());
            if (got.size() == size && got.sha256().equals(r.require("sha256"))) {
                return got.sha256();
            }
            if (attempt == 2) {
                throw new HapmeterException(what + " transfer corrupted twice: " + got.size() + "/" + size
                        + " bytes, sha256 " + got.sha256() + " instead of " + r.get("sha256"));
            }
        }
    }

    public Message hello() {
        return hello;
    }

    public ProbeClient client() {
        return client;
    }

    public BulkChannel bulk() {
        return bulk;
    }

    @Override
    public void close() {
        client.close();
        serial.close();
        bulk.close();
    }
}
