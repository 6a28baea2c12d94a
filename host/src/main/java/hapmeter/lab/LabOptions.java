package hapmeter.lab;

import hapmeter.HapmeterException;
import hapmeter.vm.Launcher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a campaign's test machine is; recorded with the run's options, so --resume and run-cell
 * go back to the same lab.
 *
 * @param host null (QEMU on this machine) or ssh://user@host[:port]: QEMU on that lab host
 * @param identity the private key for the lab host; null: ~/.ssh/id_ed25519, id_rsa, id_ecdsa
 * @param knownHosts the lab host's key must be in it; null: ~/.ssh/known_hosts
 * @param acceptNewHostKey record a first-seen host key (a changed one is refused all the same)
 * @param serial null, or the serial device of a bare-metal test machine already running the probe
 * @param baud the serial line's speed
 * @param endpoints for a bare-metal machine: where the client reaches each forward of the machine
 *     definition (name -> host:port); null: the guest addresses of the forwards themselves
 */
public record LabOptions(String host, Path identity, Path knownHosts, boolean acceptNewHostKey, String serial, int baud,
        Map<String, String> endpoints) {
    public static final LabOptions LOCAL = new LabOptions(null, null, null, false, null, 115200, null);

    public LabOptions {
        if (host != null && serial != null) {
            throw new HapmeterException("--host and --serial exclude each other: a lab host runs the test VM under QEMU, "
                    + "--serial talks to a bare-metal machine");
        }
        if (host != null) {
            SshTarget.parse(host);
        }
    }

    public boolean bareMetal() {
        return serial != null;
    }

    /** Connects to where QEMU runs (not for a bare-metal machine). */
    public Launcher launcher(Consumer<String> progress) {
        if (host == null) {
            return new LocalLauncher();
        }
        Path known = knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        progress.accept("lab: connecting to " + host);
        return SshLauncher.connect(SshTarget.parse(host), identity, known, acceptNewHostKey, progress);
    }

    /** Where the client reaches a bare-metal machine's endpoints: FORWARDS are the machine definition's. */
    public Map<String, InetSocketAddress> endpoints(Map<String, String> forwards) {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        forwards.forEach((name, guest) -> {
            String hostPort = endpoints != null && endpoints.containsKey(name) ? endpoints.get(name) : guest;
            int colon = hostPort.lastIndexOf(':');
            try {
                out.put(name, InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new HapmeterException("--endpoint " + name + "=" + hostPort + ": want HOST:PORT");
            }
        });
        return out;
    }
}
