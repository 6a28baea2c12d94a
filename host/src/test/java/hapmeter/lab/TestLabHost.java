package hapmeter.lab;

import hapmeter.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A lab host in this JVM: Apache MINA's SSH server on 127.0.0.1 (random port, a generated host
 * key, the test's ed25519 client key authorized, SFTP, port forwarding), whose exec channels run
 * real local commands through sh with HOME set to a directory of the test's own, so the lab's
 * image cache and QEMU command lines carry a path no other process has.
 */
final class TestLabHost implements AutoCloseable {
    final Path dir;
    final Path home;
    final Path identity;
    final KeyPair hostKey;
    private SshServer sshd;

    private TestLabHost(Path dir, KeyPair hostKey) throws IOException {
        this.dir = dir;
        this.home = Files.createDirectories(dir.resolve("lab-home"));
        this.identity = dir.resolve("id_ed25519");
        this.hostKey = hostKey;
        if (!Files.exists(identity)) {
            Exec.check(null, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hapmeter-test",
                    "-f", identity.toString()));
            Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        }
    }

    /** A running lab host in DIR (kept across restarts: same key, same home). */
    static TestLabHost start(Path dir) throws Exception {
        TestLabHost lab = new TestLabHost(dir, newKey());
        lab.start(0);
        return lab;
    }

    void start(int port) throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(dir.resolve("authorized_keys")));
        // ProcessShellFactory runs its command with /bin/sh -c, as sshd runs it with the login shell.
        sshd.setCommandFactory((channel, command) -> {
            String withHome = "HOME='" + home + "'; export HOME; " + command;
            return new ProcessShellFactory(withHome, withHome).createShell(channel);
        });
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        sshd.start();
    }

    static KeyPair newKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    int port() {
        return sshd.getPort();
    }

    /** `run` through this lab host, checked against KNOWN_HOSTS. */
    String[] runArgs(Path knownHosts, Path results, String runId, String scenarios) {
        return new String[] {"run", "--no-source", "--host", uri(), "--identity", identity.toString(), "--known-hosts",
            knownHosts.toString(), "--scenarios", scenarios, "--accel", "tcg", "--results", results.toString(),
            "--run-id", runId};
    }

    String uri() {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port();
    }

    /** A known_hosts file that holds KEY for this host. */
    Path knownHosts(Path file, PublicKey key) throws IOException {
        Files.writeString(file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n");
        return file;
    }

    /** Stops the server at once: every session and channel is dropped, as when the link dies. */
    void kill() throws IOException {
        sshd.stop(true);
    }

    @Override
    public void close() throws IOException {
        kill();
    }
}
