package hapmeter.console;

import hapmeter.protocol.Command;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.vm.TestVm;
import hapmeter.vm.WaitStrategy;
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
