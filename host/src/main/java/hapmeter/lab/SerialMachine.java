package hapmeter.lab;

import hapmeter.console.SerialLink;
import hapmeter.vm.Duplex;
import hapmeter.vm.TestMachine;
import hapmeter.vm.VmFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A bare-metal test machine, booted from hapmeter's kernel and initramfs (PXE or USB, see
 * `image build --boot`), whose probe answers on a serial cable: the control protocol runs over it
 * unchanged, and so do the traces (see LinePull), as there is no bulk port. hapmeter neither
 * boots nor powers it off: it is there before the run and stays ready after it. Not final: a test
 * stands a pty in for the cable and puts a fault injector on the line.
 */
public class SerialMachine implements TestMachine {
    private final String device;
    private final int baud;

    public SerialMachine(String device, int baud) {
        this.device = device;
        this.baud = baud;
    }

    @Override
    public String accel() {
        return "none";
    }

    @Override
    public Duplex openControl() {
        return SerialLink.open(device, baud);
    }

    @Override
    public Optional<Duplex> openData() {
        return Optional.empty();
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public boolean exited(Duration grace) {
        return false;
    }

    @Override
    public String exitReason() {
        return "the machine on " + device + " stopped answering";
    }

    @Override
    public void copyConsoleLog(Path dest) throws IOException {
        Files.writeString(dest, "(the kernel console of the bare-metal machine on " + device
                + " is not on the control line; hapmeter does not read it)\n");
    }

    @Override
    public VmFailure failure(String message, Throwable cause) {
        return new VmFailure(message, "none (a bare-metal machine on " + device + " at " + baud + " baud)",
                "(not read by hapmeter)", cause);
    }

    @Override
    public void kill() {
        // not ours to stop
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
