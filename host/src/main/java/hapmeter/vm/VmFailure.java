package hapmeter.vm;

import hapmeter.HapmeterException;

/** A test-VM failure. The first line says what went wrong; the details carry the command and console. */
public class VmFailure extends HapmeterException {
    private final String details;

    public VmFailure(String message, String commandLine, String consoleTail, Throwable cause) {
        super(message, cause);
        this.details = "QEMU command: " + commandLine + "\nconsole (last lines):\n" + consoleTail;
    }

    public String details() {
        return details;
    }
}
