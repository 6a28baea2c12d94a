package hapmeter.lab;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.console.SerialLink;
import hapmeter.image.Digests;
import hapmeter.vm.Duplex;
import hapmeter.vm.Launcher;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** QEMU on this machine: the control pty opened with jSerialComm, the bulk port a local Unix socket. */
public final class LocalLauncher implements Launcher {
    @Override
    public String where() {
        return "this machine";
    }

    @Override
    public Exec.Result run(List<String> argv) {
        return Exec.run(null, argv);
    }

    @Override
    public int freePort(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new HapmeterException("host port " + port + " is busy (" + e.getMessage()
                    + "); choose another with --port, or 0 for any free port");
        }
    }

    @Override
    public InetSocketAddress reach(int port) {
        // As QEMU's forward listens: 127.0.0.1, not a name that may resolve to ::1 first.
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public List<String> stage(String key, List<Path> files) {
        return files.stream().map(Path::toString).toList();
    }

    @Override
    public String newDir() {
        try {
            // Unix socket paths are limited to 108 bytes: keep them short, outside the results tree.
            return Files.createTempDirectory("hapmeter-vm").toString();
        } catch (IOException e) {
            throw new HapmeterException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    @Override
    public String place(Path local, String dir) {
        return local.toString();
    }

    @Override
    public void fetch(String file, Path local) {
        if (!Path.of(file).equals(local) && Files.exists(Path.of(file))) {
            try {
                Files.copy(Path.of(file), local, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new HapmeterException("cannot copy " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    @Override
    public void remove(String dir) {
        try {
            Digests.deleteTree(Path.of(dir));
        } catch (IOException ignored) {
            // a stale socket in /tmp is harmless
        }
    }

    @Override
    public Process start(List<String> argv, Path log) throws IOException {
        List<String> launched = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        launched.addAll(argv);
        return new ProcessBuilder(launched).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null")).start();
    }

    @Override
    public Duplex openSerial(String device) {
        return SerialLink.open(device, 115200);
    }

    @Override
    public Duplex openSocket(String path) {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(path));
            return Duplex.of(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        } catch (IOException e) {
            throw new HapmeterException("cannot connect to the bulk data socket " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String lost() {
        return null;
    }

    @Override
    public void close() {
        // nothing is held open here
    }
}
