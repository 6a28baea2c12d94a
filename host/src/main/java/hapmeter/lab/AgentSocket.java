package hapmeter.lab;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The user's ssh-agent at $SSH_AUTH_SOCK, spoken to over Java's own Unix sockets (MINA's agent
 * client needs the Tomcat native library): one connection per request, keys never leave the agent.
 */
final class AgentSocket extends AbstractAgentProxy {
    private final Path socket;

    private AgentSocket(Path socket) {
        super(null);
        this.socket = socket;
    }

    /** Gives MINA's client the agent for authentication; no agent forwarding to the lab host. */
    static SshAgentFactory factory(Path socket) {
        return new SshAgentFactory() {
            @Override
            public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
                return List.of();
            }

            @Override
            public SshAgent createClient(Session session, FactoryManager manager) {
                return new AgentSocket(socket);
            }

            @Override
            public SshAgentServer createServer(ConnectionService service) {
                throw new UnsupportedOperationException("no agent forwarding");
            }
        };
    }

    /** Each request opens its own connection: there is nothing to keep open. */
    @Override
    public boolean isOpen() {
        return true;
    }

    /** BUFFER holds a whole request (length first); the answer is returned without its length. */
    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer length = readFully(ch, 4);
            int n = length.getInt();
            if (n <= 0 || n > 256 * 1024) {
                throw new IOException("ssh-agent at " + socket + " answered a bad length " + n);
            }
            return new ByteArrayBuffer(readFully(ch, n).array());
        }
    }

    private ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("ssh-agent at " + socket + " closed the connection");
            }
        }
        return b.flip();
    }
}
