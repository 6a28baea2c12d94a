package hapmeter.vm;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Where QEMU runs: this machine, or a lab host over SSH (hapmeter.lab). {@link TestVm}, the
 * machine definition and the VM's lifecycle are the same either way; a launcher only provides the
 * process, the files beside it, byte streams to its ports, and the way the client reaches its
 * port forwards. Paths "there" are paths on the machine that runs QEMU.
 */
public interface Launcher extends AutoCloseable {
    String DEFAULT_QEMU = "qemu-system-x86_64";

    /** Where QEMU runs, for messages: "this machine", "lab host ssh://user@lab:22". */
    String where();

    /** Runs a short command there to completion (ARGV, no shell). */
    Exec.Result run(List<String> argv);

    /** QEMU there: a name on PATH or a path, resolved, or a clear error. */
    default String qemu(String nameOrPath) {
        Exec.Result r = run(List.of("sh", "-c", "command -v \"$1\"", "sh", nameOrPath));
        if (r.exit() != 0 || r.output().isBlank()) {
            throw new HapmeterException("QEMU not found: " + nameOrPath + " is not an executable on PATH on " + where()
                    + " (install it with: apt-get install qemu-system-x86)");
        }
        return r.output().strip();
    }

    /** QEMU's version line, for campaign.json. */
    default String qemuVersion(String qemu) {
        return run(List.of(qemu, "--version")).output().lines().findFirst().orElse("");
    }

    /** Whether /dev/kvm there can be opened (which proves nothing about it working: see Campaign). */
    default boolean kvmAccessible() {
        return run(List.of("test", "-r", "/dev/kvm", "-a", "-w", "/dev/kvm")).exit() == 0;
    }

    /** A TCP port there for a QEMU port forward: PORT if free (else a clear error), any free port for 0. */
    int freePort(int port);

    /** The address on this machine through which the client reaches PORT there (on its loopback). */
    InetSocketAddress reach(int port);

    /** Makes the local FILES (an image: KEY is its digest) available there; their paths there, in order. */
    List<String> stage(String key, List<Path> files);

    /** A new empty directory there, for one VM's sockets (a short path: Unix socket paths are limited). */
    String newDir();

    /** Where QEMU writes a file that is kept as LOCAL here: the file itself on this machine, else in DIR. */
    String place(Path local, String dir);

    /** Copies FILE there to LOCAL here; nothing to do when they are the same file. */
    void fetch(String file, Path local);

    boolean exists(String path);

    /** Removes DIR there (best effort). */
    void remove(String dir);

    /**
     * Starts ARGV there; its output goes to LOG here. QEMU dies with whatever launched it: the
     * kernel's parent-death signal here, and the end of the SSH session on a lab host.
     */
    Process start(List<String> argv, Path log) throws java.io.IOException;

    /** Opens a character device there (QEMU's control pty) as a serial line. */
    Duplex openSerial(String device);

    /** Connects to a Unix socket there (QEMU's bulk port). */
    Duplex openSocket(String path);

    /** Why QEMU there is gone without having exited by itself (a lost connection), or null. */
    String lost();

    @Override
    void close();
}
