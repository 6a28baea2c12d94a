package hapmeter.lab;

import hapmeter.HapmeterException;
import hapmeter.vm.Duplex;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Byte paths through the session to QEMU's ports on the lab host: local port forwards to its
 * loopback, and `socat` in an exec channel for the control pty and the bulk Unix socket.
 */
final class Tunnels {
    private final SshSession ssh;
    private final RemoteProcesses remote;
    private final Map<Integer, InetSocketAddress> forwards = new ConcurrentHashMap<>();

    Tunnels(SshSession ssh, RemoteProcesses remote) {
        this.ssh = ssh;
        this.remote = remote;
    }

    /**
     * A port below the usual ephemeral range (32768-60999) that nothing there listens on or uses,
     * as read from /proc/net/tcp{,6}; the one asked for must be free.
     */
    int freePort(int port) {
        Set<Integer> used = new HashSet<>();
        for (String line : remote.exec("cat /proc/net/tcp /proc/net/tcp6").output().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[1].contains(":") && !f[0].equals("sl")) {
                used.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
            }
        }
        if (port != 0) {
            if (used.contains(port)) {
                throw new HapmeterException("port " + port + " is busy on " + ssh.where() + "; choose another with --port, "
                        + "or 0 for any free port");
            }
            return port;
        }
        Random random = new Random();
        for (int i = 0; i < 1000; i++) {
            int p = 20000 + random.nextInt(12000);
            if (used.add(p)) {
                return p;
            }
        }
        throw new HapmeterException(ssh.where() + ": no free port between 20000 and 32000");
    }

    /** A local port forwarded to PORT on the lab host's loopback, one per port. */
    InetSocketAddress reach(int port) {
        return forwards.computeIfAbsent(port, p -> {
            try {
                ExplicitPortForwardingTracker t = ssh.session().createLocalPortForwardingTracker(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", p));
                return new InetSocketAddress("127.0.0.1", t.getBoundAddress().getPort());
            } catch (IOException e) {
                throw ssh.failure("cannot forward a local port to port " + p, e);
            }
        });
    }

    Duplex openSerial(String device) {
        return bridge("socat - " + RemoteProcesses.quote(List.of(device + ",rawer")));
    }

    Duplex openSocket(String path) {
        return bridge("socat - " + RemoteProcesses.quote(List.of("UNIX-CONNECT:" + path)));
    }

    /** A channel running COMMAND (socat), its stdin and stdout as a byte stream. */
    private Duplex bridge(String command) {
        try {
            ChannelExec ch = ssh.session().createExecChannel(command);
            ch.setErr(OutputStream.nullOutputStream());
            ch.open().verify(SshSession.CONNECT);
            return Duplex.of(ch.getInvertedOut(), ch.getInvertedIn(), () -> ch.close(true));
        } catch (IOException e) {
            throw ssh.failure("cannot open a channel for: " + command, e);
        }
    }
}
