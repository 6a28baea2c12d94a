package hapmeter.lab;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.vm.Duplex;
import hapmeter.vm.Launcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * QEMU on a lab host over SSH. One session ({@link SshSession}) carries everything: exec
 * channels run QEMU and short commands ({@link RemoteProcesses}), SFTP stages images and brings
 * files back ({@link Staging}), port forwards and `socat` bridges reach QEMU's ports
 * ({@link Tunnels}). SSH ends at the lab host: the test VM sees serial ports and one HTTP
 * connection, as locally. When the session ends, so does QEMU.
 */
public final class SshLauncher implements Launcher {
    /** What the lab host must have besides QEMU, and the Debian packages that provide it. */
    private static final Map<String, String> TOOLS = Map.of("socat", "socat", "setpriv", "util-linux",
            "sha256sum", "coreutils", "mktemp", "coreutils");

    private final SshSession ssh;
    private final RemoteProcesses remote;
    private final Staging staging;
    private final Tunnels tunnels;

    private SshLauncher(SshSession ssh, Consumer<String> progress) {
        this.ssh = ssh;
        this.remote = new RemoteProcesses(ssh);
        this.staging = new Staging(ssh, remote, progress);
        this.tunnels = new Tunnels(ssh, remote);
    }

    /** Connects (see {@link SshSession#connect}) to a lab host that has the tools QEMU's wiring needs. */
    public static SshLauncher connect(SshTarget target, Path identity, Path knownHosts, boolean acceptNewHostKey,
            Consumer<String> progress) {
        SshSession ssh = SshSession.connect(target, identity, knownHosts, acceptNewHostKey);
        try {
            SshLauncher lab = new SshLauncher(ssh, progress);
            lab.checkTools();
            return lab;
        } catch (RuntimeException e) {
            ssh.close();
            if (e instanceof HapmeterException he) {
                throw he;
            }
            throw new HapmeterException("cannot connect to lab host " + target + ": " + SshSession.firstLine(e), e);
        }
    }

    private void checkTools() {
        String missing = TOOLS.keySet().stream().sorted()
                .filter(t -> run(List.of("sh", "-c", "command -v \"$1\"", "sh", t)).exit() != 0)
                .collect(Collectors.joining(" "));
        if (!missing.isEmpty()) {
            String packages = TOOLS.entrySet().stream().filter(e -> missing.contains(e.getKey())).map(Map.Entry::getValue)
                    .distinct().sorted().collect(Collectors.joining(" "));
            throw new HapmeterException(where() + " lacks " + missing + " (apt-get install " + packages + ")");
        }
    }

    @Override
    public String where() {
        return ssh.where();
    }

    @Override
    public Exec.Result run(List<String> argv) {
        return remote.run(argv);
    }

    @Override
    public int freePort(int port) {
        return tunnels.freePort(port);
    }

    @Override
    public InetSocketAddress reach(int port) {
        return tunnels.reach(port);
    }

    @Override
    public List<String> stage(String key, List<Path> files) {
        return staging.stage(key, files);
    }

    @Override
    public String newDir() {
        return staging.newDir();
    }

    @Override
    public String place(Path local, String dir) {
        return staging.place(local, dir);
    }

    @Override
    public void fetch(String file, Path local) {
        staging.fetch(file, local);
    }

    @Override
    public boolean exists(String path) {
        return staging.exists(path);
    }

    @Override
    public void remove(String dir) {
        staging.remove(dir);
    }

    @Override
    public Process start(List<String> argv, Path log) throws IOException {
        return remote.start(argv, log);
    }

    @Override
    public Duplex openSerial(String device) {
        return tunnels.openSerial(device);
    }

    @Override
    public Duplex openSocket(String path) {
        return tunnels.openSocket(path);
    }

    @Override
    public String lost() {
        return ssh.lost();
    }

    @Override
    public void close() {
        staging.close();
        ssh.close();
    }
}
