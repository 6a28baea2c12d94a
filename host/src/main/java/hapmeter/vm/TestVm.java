package hapmeter.vm;

import hapmeter.HapmeterException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One QEMU process running the test VM (after QEMU's QEMUMachine): launched by {@link #launch},
 * always killed by {@link #close}, also on Ctrl-C (shutdown hook) and, through the kernel's
 * parent-death signal, when the JVM itself is killed. Failures carry the command line and the
 * tail of the kernel console.
 */
public final class TestVm implements AutoCloseable {
    private static final Pattern PTY = Pattern.compile("char device redirected to (/dev/pts/\\d+) \\(label control\\)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "qemu-reaper"));
    }

    private final Process process;
    private final String commandLine;
    private final Accel accel;
    private final Path consoleLog;
    private final Path qemuLog;
    private final Path socketDir;
    private final Path dataSocket;
    private String controlPty;

    private TestVm(Process process, String commandLine, Accel accel, Path consoleLog, Path qemuLog, Path socketDir) {
        this.process = process;
        this.commandLine = commandLine;
        this.accel = accel;
        this.consoleLog = consoleLog;
        this.qemuLog = qemuLog;
        this.socketDir = socketDir;
        this.dataSocket = socketDir.resolve("data.sock");
    }

    /** Starts QEMU; returns once its control pty exists. Readiness of the guest is {@link #await}. */
    /** HOST_PORTS: the host port of each of the machine's forwards, by name. */
    public static TestVm launch(MachineSpec spec, Path kernel, Path initramfs, Accel accel, Path workDir,
            Map<String, Integer> hostPorts, String qemuBinary) {
        if (accel == Accel.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before launching");
        }
        String qemu = QemuBinary.resolve(qemuBinary);
        Path socketDir;
        try {
            Files.createDirectories(workDir);
            // Unix socket paths are limited to 108 bytes: keep them short, outside the results tree.
            socketDir = Files.createTempDirectory("hapmeter-vm");
        } catch (IOException e) {
            throw new HapmeterException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        Path consoleLog = workDir.resolve("console.log");
        Path qemuLog = workDir.resolve("qemu.log");
        List<String> argv = new ArrayList<>(List.of(qemu,
                "-accel", accel.qemuName(), "-cpu", spec.cpu(), "-m", Integer.toString(spec.memoryMb()),
                "-smp", Integer.toString(spec.smp()),
                "-kernel", kernel.toString(), "-initrd", initramfs.toString(), "-append", spec.append()));
        StringJoiner hostfwd = new StringJoiner(",");
        spec.forwards().forEach((name, guest) ->
                hostfwd.add("hostfwd=tcp:127.0.0.1:" + hostPorts.get(name) + "-" + guest));
        for (String a : spec.qemuArgs()) {
            argv.add(a.replace("${console_log}", consoleLog.toString())
                    .replace("${data_socket}", socketDir.resolve("data.sock").toString())
                    .replace("${hostfwd}", hostfwd.toString()));
        }
        String commandLine = String.join(" ", argv);
        List<String> launched = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        launched.addAll(argv);
        Process p;
        try {
            Files.deleteIfExists(consoleLog);
            p = new ProcessBuilder(launched).redirectErrorStream(true).redirectOutput(qemuLog.toFile())
                    .redirectInput(new File("/dev/null")).start();
        } catch (IOException e) {
            throw new VmFailure("cannot start QEMU: " + e.getMessage(), commandLine, "", e);
        }
        LIVE.add(p);
        TestVm vm = new TestVm(p, commandLine, accel, consoleLog, qemuLog, socketDir);
        try {
            vm.await(new WaitStrategy() {
                @Override
                public boolean poll(TestVm v) throws IOException {
                    Matcher m = PTY.matcher(Files.readString(qemuLog, StandardCharsets.ISO_8859_1));
                    if (m.find() && Files.exists(v.dataSocket)) {
                        v.controlPty = m.group(1);
                        return true;
                    }
                    return false;
                }

                @Override
                public String describe() {
                    return "QEMU's control pty and data socket";
                }
            }, Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
        return vm;
    }

    /** Polls W every 100 ms; a dead QEMU or the timeout is a {@link VmFailure}. */
    public void await(WaitStrategy w, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (w.poll(this)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + w.describe(), e);
            } catch (Exception e) {
                if (!process.isAlive()) {
                    break;
                }
                throw failure("error while waiting for " + w.describe() + ": " + e.getMessage(), e);
            }
            if (!process.isAlive()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw failure("timed out after " + timeout.toSeconds() + " s waiting for " + w.describe(), null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + w.describe(), e);
            }
        }
        throw failure("QEMU exited with status " + exitStatus() + " before " + w.describe(), null);
    }

    private String exitStatus() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            return Integer.toString(process.exitValue());
        } catch (InterruptedException | IllegalThreadStateException e) {
            return "unknown";
        }
    }

    /** A failure of this VM: the message, plus the command line, QEMU's own output and the console tail. */
    public VmFailure failure(String message, Throwable cause) {
        String tail = consoleTail(25);
        String qemuOut = tail(qemuLog, 5);
        return new VmFailure(message, commandLine, (qemuOut.isBlank() ? "" : "[qemu] " + qemuOut + "\n") + tail, cause);
    }

    public String consoleTail(int lines) {
        return tail(consoleLog, lines);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r", "").lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file.getFileName() + " unreadable: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Whether QEMU has exited, waiting up to GRACE for it: after a failure, the control line may
     * report EOF a moment before the process is reaped.
     */
    public boolean exited(Duration grace) {
        try {
            return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    public Accel accel() {
        return accel;
    }

    public String commandLine() {
        return commandLine;
    }

    public Path consoleLog() {
        return consoleLog;
    }

    public String controlPty() {
        return controlPty;
    }

    public Path dataSocket() {
        return dataSocket;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits briefly for a guest-initiated power-off, then kills QEMU. Idempotent. */
    @Override
    public void close() {
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
            try {
                Files.deleteIfExists(dataSocket);
                Files.deleteIfExists(socketDir);
            } catch (IOException ignored) {
                // a stale socket in /tmp is harmless
            }
        }
    }

    /** Kills QEMU at once (when the guest is known to be unusable). */
    public void kill() {
        process.destroyForcibly();
        close();
    }
}
