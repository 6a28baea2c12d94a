package hapmeter.vm;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One QEMU process running the test VM (after QEMU's QEMUMachine), on this machine or on a lab
 * host (see {@link Launcher}): launched by {@link #launch}, always killed by {@link #close}, also
 * on Ctrl-C (shutdown hook) and, through the kernel's parent-death signal or the end of the SSH
 * session, when the JVM itself is killed. Failures carry the command line and the tail of the
 * kernel console.
 */
public final class TestVm implements TestMachine {
    private static final Pattern PTY = Pattern.compile("char device redirected to (/dev/pts/\\d+) \\(label control\\)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "qemu-reaper"));
    }

    private final Launcher launcher;
    private final Process process;
    private final String commandLine;
    private final Accel accel;
    private final Path consoleLog;
    private final String consoleThere;
    private final Path qemuLog;
    private final String dir;
    private final String dataSocket;
    private String controlPty;

    private TestVm(Launcher launcher, Process process, String commandLine, Accel accel, Path consoleLog,
            String consoleThere, Path qemuLog, String dir, String dataSocket) {
        this.launcher = launcher;
        this.process = process;
        this.commandLine = commandLine;
        this.accel = accel;
        this.consoleLog = consoleLog;
        this.consoleThere = consoleThere;
        this.qemuLog = qemuLog;
        this.dir = dir;
        this.dataSocket = dataSocket;
    }

    /**
     * Starts QEMU (QEMU, KERNEL and INITRAMFS are paths where the launcher runs it); returns once
     * its control pty (and bulk socket, if the machine has one) exist. Readiness of the guest is
     * {@link #await}. HOST_PORTS: the port there of each of the machine's forwards, by name.
     */
    public static TestVm launch(Launcher launcher, MachineSpec spec, String qemu, String kernel, String initramfs,
            Accel accel, Path workDir, Map<String, Integer> hostPorts) {
        if (accel == Accel.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before launching");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new HapmeterException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        String dir = launcher.newDir();
        Path consoleLog = workDir.resolve("console.log");
        String consoleThere = launcher.place(consoleLog, dir);
        Path qemuLog = workDir.resolve("qemu.log");
        String dataSocket = spec.hasBulkPort() ? dir + "/data.sock" : null;
        List<String> argv = new ArrayList<>(List.of(qemu,
                "-accel", accel.qemuName(), "-cpu", spec.cpu(), "-m", Integer.toString(spec.memoryMb()),
                "-smp", Integer.toString(spec.smp()),
                "-kernel", kernel, "-initrd", initramfs, "-append", spec.append()));
        StringJoiner hostfwd = new StringJoiner(",");
        spec.forwards().forEach((name, guest) ->
                hostfwd.add("hostfwd=tcp:127.0.0.1:" + hostPorts.get(name) + "-" + guest));
        for (String a : spec.qemuArgs()) {
            argv.add(a.replace("${console_log}", consoleThere)
                    .replace("${data_socket}", dir + "/data.sock")
                    .replace("${hostfwd}", hostfwd.toString()));
        }
        String commandLine = String.join(" ", argv);
        Process p;
        try {
            Files.deleteIfExists(consoleLog);
            p = launcher.start(argv, qemuLog);
        } catch (IOException | HapmeterException e) {
            launcher.remove(dir);
            throw new VmFailure("cannot start QEMU on " + launcher.where() + ": " + e.getMessage(), commandLine, "", e);
        }
        LIVE.add(p);
        TestVm vm = new TestVm(launcher, p, commandLine, accel, consoleLog, consoleThere, qemuLog, dir, dataSocket);
        try {
            vm.await(new WaitStrategy() {
                @Override
                public boolean poll(TestMachine m) throws IOException {
                    Matcher pty = PTY.matcher(Files.readString(qemuLog, StandardCharsets.ISO_8859_1));
                    if (pty.find() && (dataSocket == null || launcher.exists(dataSocket))) {
                        vm.controlPty = pty.group(1);
                        return true;
                    }
                    return false;
                }

                @Override
                public String describe() {
                    return "QEMU's control pty" + (dataSocket == null ? "" : " and data socket");
                }
            }, Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
        return vm;
    }

    private String exitStatus() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            return Integer.toString(process.exitValue());
        } catch (InterruptedException | IllegalThreadStateException e) {
            return "unknown";
        }
    }

    @Override
    public String exitReason() {
        String lost = launcher.lost();
        return lost != null ? lost : "QEMU exited with status " + exitStatus();
    }

    /** A failure of this VM: the message, plus the command line, QEMU's own output and the console tail. */
    @Override
    public VmFailure failure(String message, Throwable cause) {
        String tail = consoleTail(25);
        String qemuOut = tail(qemuLog, 5);
        return new VmFailure(message, commandLine, (qemuOut.isBlank() ? "" : "[qemu] " + qemuOut + "\n") + tail, cause);
    }

    public String consoleTail(int lines) {
        syncConsole();
        return tail(consoleLog, lines);
    }

    @Override
    public void copyConsoleLog(Path dest) throws IOException {
        syncConsole();
        Files.copy(consoleLog, dest, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Brings the local console.log up to date; after a lost connection, the last copy is what there is. */
    private void syncConsole() {
        try {
            launcher.fetch(consoleThere, consoleLog);
        } catch (HapmeterException e) {
            // keep the last copy
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r", "").lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file.getFileName() + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** The control pty there, for a client of its own (a test standing in for a bare-metal machine's cable). */
    public String controlPty() {
        return controlPty;
    }

    @Override
    public Duplex openControl() {
        return launcher.openSerial(controlPty);
    }

    @Override
    public Optional<Duplex> openData() {
        return Optional.ofNullable(dataSocket).map(launcher::openSocket);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public boolean exited(Duration grace) {
        try {
            return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    @Override
    public String accel() {
        return accel.qemuName();
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
            syncConsole();
            launcher.remove(dir);
        }
    }

    @Override
    public void kill() {
        process.destroyForcibly();
        close();
    }
}
