package hapmeter.console;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import hapmeter.HapmeterException;
import hapmeter.vm.Duplex;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A serial line opened with jSerialComm: QEMU's control pty here, a real /dev/ttyUSB0 in the lab.
 * Reads block until data arrives; closing the port ends a blocked read.
 */
public final class SerialLink implements Duplex {
    private final SerialPort port;

    private SerialLink(SerialPort port) {
        this.port = port;
    }

    public static SerialLink open(String device, int baud) {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (SerialPortInvalidPortException e) {
            throw new HapmeterException("no serial port " + device + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new HapmeterException("cannot open serial port " + device + " (error " + port.getLastErrorCode() + ")");
        }
        // Semi-blocking: a read returns as soon as one byte is there (blocking mode waits to fill the buffer).
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 0, 0);
        return new SerialLink(port);
    }

    @Override
    public InputStream in() {
        return port.getInputStream();
    }

    @Override
    public OutputStream out() {
        return port.getOutputStream();
    }

    @Override
    public void close() {
        port.closePort();
    }
}
