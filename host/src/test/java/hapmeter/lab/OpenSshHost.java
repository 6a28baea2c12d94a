package hapmeter.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.Exec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lab host run by a stock Debian OpenSSH server: this test's own `sshd -D` on 127.0.0.1 (a
 * free port), with its own config, a host key and client key fresh from ssh-keygen, SFTP through
 * Debian's sftp-server (SFTP version 3), and HOME set to a directory of the test's own. Its
 * known_hosts holds the host key, so connections check it strictly.
 */
final class OpenSshHost implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

    final Path home;
    final Path identity;
    final Path knownHosts;
    private final Path log;
    private final int port;
    private final Process sshd;

    private OpenSshHost(Path dir) throws Exception {
        assertTrue(Files.isExecutable(SSHD) && Files.isExecutable(SFTP_SERVER),
                SSHD + " or " + SFTP_SERVER + " is missing: apt-get install openssh-server (./hapmeter test does)");
        home = Files.createDirectories(dir.resolve("lab-home"));
        identity = dir.resolve("id_ed25519");
        knownHosts = dir.resolve("known_hosts");
        log = dir.resolve("sshd.log");
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        keygen(identity);
        keygen(hostKey);
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                // The test's temporary directory is not root-owned with 0755 parents, as StrictModes wants.
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "SetEnv HOME=" + home,
                "Subsystem sftp " + SFTP_SERVER,
                ""));
        // sshd running as root wants its privilege separation directory, which a container may lack.
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd"));
        }
        port = freePort();
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString(), "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitListening();
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve(hostKey + ".pub")));
    }

    static OpenSshHost start(Path dir) throws Exception {
        return new OpenSshHost(dir);
    }

    String uri() {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port;
    }

    private void awaitListening() throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.readString(log).contains("Server listening on")) {
                return;
            }
            if (sshd.waitFor(50, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        close();
        throw new IllegalStateException("sshd did not start: " + Files.readString(log));
    }

    private static void keygen(Path key) throws IOException {
        Exec.check(null, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hapmeter-test", "-f", key.toString()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops this sshd and the per-connection processes it forked. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = sshd.descendants().toList();
        sshd.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
            sshd.destroyForcibly();
        }
    }
}
