package hapmeter.lab;

import hapmeter.HapmeterException;
import java.net.URI;
import java.net.URISyntaxException;

/** A lab host as given on the command line: ssh://user@host[:port]. */
public record SshTarget(String user, String host, int port) {
    public static SshTarget parse(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new HapmeterException("--host " + uri + ": not a URI (want ssh://user@host[:port])");
        }
        if (!"ssh".equals(u.getScheme()) || u.getHost() == null || u.getUserInfo() == null
                || !(u.getPath() == null || u.getPath().isEmpty())) {
            throw new HapmeterException("--host " + uri + ": want ssh://user@host[:port]");
        }
        return new SshTarget(u.getUserInfo(), u.getHost(), u.getPort() < 0 ? 22 : u.getPort());
    }

    @Override
    public String toString() {
        return "ssh://" + user + "@" + host + ":" + port;
    }
}
