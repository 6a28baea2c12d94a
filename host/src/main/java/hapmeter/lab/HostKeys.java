package hapmeter.lab;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Strict host-key checking against a known_hosts file: a known key passes; an unknown key is
 * refused, or recorded with ACCEPT_NEW; a changed key is always refused. The refusal is kept as
 * a one-line message with the key's SHA256 fingerprint, as MINA only reports "did not validate".
 */
final class HostKeys {
    private final Path knownHosts;
    private final boolean acceptNew;
    private volatile String refusal;

    HostKeys(Path knownHosts, boolean acceptNew) {
        this.knownHosts = knownHosts;
        this.acceptNew = acceptNew;
    }

    ServerKeyVerifier verifier(SshTarget target) {
        ServerKeyVerifier unknown = (session, address, key) -> {
            if (acceptNew) {
                return true;
            }
            refusal = "lab host " + target + " offers the unknown host key " + describe(key) + ", which is not in "
                    + knownHosts + "; check it, then rerun with --accept-new-host-key to record it";
            return false;
        };
        KnownHostsServerKeyVerifier v = new KnownHostsServerKeyVerifier(unknown, knownHosts) {
            @Override
            protected boolean acceptIncompleteHostKeys(org.apache.sshd.client.session.ClientSession session,
                    SocketAddress address, PublicKey key, Throwable reason) {
                refusal = "lab host " + target + ": cannot check its host key " + describe(key) + " against "
                        + knownHosts + ": " + reason.getMessage();
                return false;
            }
        };
        v.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
            refusal = "lab host " + target + " offers the host key " + describe(actual) + ", but " + knownHosts
                    + " has " + describe(expected) + " for it: refused (if the host was reinstalled, remove its line)";
            return false;
        });
        return v;
    }

    /** Why the last connection's host key was refused, or null. */
    String refusal() {
        return refusal;
    }

    static String describe(PublicKey key) {
        return KeyUtils.getFingerPrint(key) + " (" + KeyUtils.getKeyType(key) + ")";
    }
}
