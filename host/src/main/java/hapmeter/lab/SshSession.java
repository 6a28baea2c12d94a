package hapmeter.lab;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * One authenticated SSH session to a lab host (Apache MINA SSHD): key authentication, strict
 * host-key checking, and the reason the connection was lost, if it was, for every later failure.
 */
final class SshSession implements AutoCloseable {
    static final Duration CONNECT = Duration.ofSeconds(20);
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_rsa", "id_ecdsa");

    private final SshTarget target;
    private final SshClient client;
    private final ClientSession session;
    private volatile String lost;
    private volatile boolean closing;

    private SshSession(SshTarget target, SshClient client, ClientSession session) {
        this.target = target;
        this.client = client;
        this.session = session;
        session.addSessionListener(new SessionListener() {
            @Override
            public void sessionException(Session s, Throwable t) {
                lostBecause(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
            }

            @Override
            public void sessionDisconnect(Session s, int reason, String msg, String language, boolean initiator) {
                if (!initiator) {
                    lostBecause("disconnected by the host: " + msg);
                }
            }

            @Override
            public void sessionClosed(Session s) {
                lostBecause("closed by the other end");
            }
        });
    }

    private void lostBecause(String why) {
        if (!closing && lost == null) {
            lost = "the SSH connection to lab host " + target + " was lost (" + why + ")";
        }
    }

    /**
     * Connects with key authentication (IDENTITY, else ~/.ssh/id_ed25519, id_rsa, id_ecdsa, plus
     * the ssh-agent at $SSH_AUTH_SOCK) and strict host-key checking against KNOWN_HOSTS.
     */
    static SshSession connect(SshTarget target, Path identity, Path knownHosts, boolean acceptNewHostKey) {
        List<Path> keys = new ArrayList<>();
        if (identity != null) {
            if (!Files.isReadable(identity)) {
                throw new HapmeterException("--identity " + identity + ": no such readable key file");
            }
            keys.add(identity);
        } else {
            Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
            DEFAULT_KEYS.stream().map(ssh::resolve).filter(Files::isReadable).forEach(keys::add);
        }
        String agent = System.getenv("SSH_AUTH_SOCK");
        if (keys.isEmpty() && (agent == null || agent.isBlank())) {
            throw new HapmeterException("no SSH key for lab host " + target + ": none of ~/.ssh/" + String.join(", ", DEFAULT_KEYS)
                    + " exists and SSH_AUTH_SOCK is not set; give one with --identity FILE");
        }
        HostKeys hostKeys = new HostKeys(knownHosts, acceptNewHostKey);
        SshClient client = SshClient.setUpDefaultClient();
        // Only what the command line says: no ~/.ssh/config rewriting of host, user or keys.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setServerKeyVerifier(hostKeys.verifier(target));
        client.setKeyIdentityProvider(new FileKeyPairProvider(keys));
        if (agent != null && !agent.isBlank()) {
            client.setAgentFactory(AgentSocket.factory(Path.of(agent)));
        }
        client.start();
        try {
            ClientSession session = client.connect(target.user(), target.host(), target.port()).verify(CONNECT)
                    .getSession();
            session.auth().verify(CONNECT);
            return new SshSession(target, client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            if (hostKeys.refusal() != null) {
                throw new HapmeterException(hostKeys.refusal(), e);
            }
            throw new HapmeterException("cannot connect to lab host " + target + ": " + firstLine(e), e);
        }
    }

    ClientSession session() {
        return session;
    }

    SshTarget target() {
        return target;
    }

    String where() {
        return "lab host " + target;
    }

    /** Why the connection is gone without having been closed here, or null. */
    String lost() {
        return lost;
    }

    /** A failure of the connection: the lost session's cause if that is what happened. */
    HapmeterException failure(String what, Exception e) {
        return new HapmeterException(lost != null ? lost : where() + ": " + what + ": " + firstLine(e), e);
    }

    @Override
    public void close() {
        closing = true;
        session.close(true);
        client.stop();
    }

    static String firstLine(Exception e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }
}
