package hapmeter.lab;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.image.Digests;
import hapmeter.vm.Duplex;
import hapmeter.vm.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * QEMU on a lab host over SSH (Apache MINA SSHD). One session carries everything: exec channels
 * run QEMU and short commands, `socat` bridges the control pty and the bulk socket to channels,
 * SFTP uploads images (content-addressed, only what the host lacks, sha256 verified there) and
 * reads the console log, and a local port forward lets the client's wget reach QEMU's port
 * forward on the host's loopback. SSH ends at the lab host: the test VM sees serial ports and one
 * HTTP connection, as locally. When the session ends, so does QEMU (see {@link #start}).
 */
public final class SshLauncher implements Launcher {
    private static final Duration CONNECT = Duration.ofSeconds(20);
    private static final Duration COMMAND = Duration.ofMinutes(2);
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_rsa", "id_ecdsa");
    /** What the lab host must have besides QEMU, and the Debian packages that provide it. */
    private static final Map<String, String> TOOLS = Map.of("socat", "socat", "setpriv", "util-linux",
            "sha256sum", "coreutils", "mktemp", "coreutils");

    private final SshTarget target;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;
    private final String home;
    private final Consumer<String> progress;
    private final Map<Integer, InetSocketAddress> forwards = new ConcurrentHashMap<>();
    private volatile String lost;
    private volatile boolean closing;

    private SshLauncher(SshTarget target, SshClient client, ClientSession session, Consumer<String> progress)
            throws IOException {
        this.target = target;
        this.client = client;
        this.session = session;
        this.progress = progress;
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
        this.sftp = SftpClientFactory.instance().createSftpClient(session);
        this.home = exec("printf %s \"$HOME\"").output();
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
    public static SshLauncher connect(SshTarget target, Path identity, Path knownHosts, boolean acceptNewHostKey,
            Consumer<String> progress) {
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
            SshLauncher lab = new SshLauncher(target, client, session, progress);
            lab.checkTools();
            return lab;
        } catch (IOException | RuntimeException e) {
            client.stop();
            if (hostKeys.refusal() != null) {
                throw new HapmeterException(hostKeys.refusal(), e);
            }
            if (e instanceof HapmeterException he) {
                throw he;
            }
            throw new HapmeterException("cannot connect to lab host " + target + ": " + firstLine(e), e);
        }
    }

    private void checkTools() {
        String missing = TOOLS.keySet().stream().sorted()
                .filter(t -> run(List.of("sh", "-c", "command -v \"$1\"", "sh", t)).exit() != 0)
                .collect(Collectors.joining(" "));
        if (!missing.isEmpty()) {
            String packages = TOOLS.entrySet().stream().filter(e -> missing.contains(e.getKey())).map(Map.Entry::getValue)
                    .distinct().sorted().collect(Collectors.joining(" "));
            throw new HapmeterException("lab host " + target + " lacks " + missing + " (apt-get install " + packages + ")");
        }
    }

    @Override
    public String where() {
        return "lab host " + target;
    }

    @Override
    public Exec.Result run(List<String> argv) {
        return exec(quote(argv));
    }

    private Exec.Result exec(String command) {
        try (ChannelExec ch = session.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setIn(InputStream.nullInputStream());
            ch.setOut(out);
            ch.setErr(out);
            ch.open().verify(CONNECT);
            if (!ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND.toMillis()).contains(ClientChannelEvent.CLOSED)) {
                throw new HapmeterException(where() + ": no answer within " + COMMAND.toSeconds() + " s to: " + command);
            }
            Integer status = ch.getExitStatus();
            return new Exec.Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure("cannot run a command", e);
        }
    }

    /** A failure of the connection: the lost session's cause if that is what happened. */
    private HapmeterException failure(String what, Exception e) {
        return new HapmeterException(lost != null ? lost : where() + ": " + what + ": " + firstLine(e), e);
    }

    /**
     * A port below the usual ephemeral range (32768-60999) that nothing there listens on or uses,
     * as read from /proc/net/tcp{,6}; the one asked for must be free.
     */
    @Override
    public int freePort(int port) {
        Set<Integer> used = new HashSet<>();
        for (String line : exec("cat /proc/net/tcp /proc/net/tcp6").output().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[1].contains(":") && !f[0].equals("sl")) {
                used.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
            }
        }
        if (port != 0) {
            if (used.contains(port)) {
                throw new HapmeterException("port " + port + " is busy on " + where() + "; choose another with --port, "
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
        throw new HapmeterException(where() + ": no free port between 20000 and 32000");
    }

    @Override
    public InetSocketAddress reach(int port) {
        return forwards.computeIfAbsent(port, p -> {
            try {
                ExplicitPortForwardingTracker t = session.createLocalPortForwardingTracker(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", p));
                return new InetSocketAddress("127.0.0.1", t.getBoundAddress().getPort());
            } catch (IOException e) {
                throw failure("cannot forward a local port to port " + p, e);
            }
        });
    }

    /**
     * Images live in ~/.cache/hapmeter-lab/images/KEY/ there. A file is uploaded only when the
     * host lacks it or holds other bytes (sha256sum there), under a temporary name, checked with
     * sha256sum there, then renamed: an interrupted upload is never taken for a finished one.
     */
    @Override
    public List<String> stage(String key, List<Path> files) {
        String dir = home + "/.cache/hapmeter-lab/images/" + key;
        check(exec("mkdir -p " + quote(List.of(dir))), "cannot create " + dir);
        Map<String, String> have = sha256There(dir, files.stream().map(f -> f.getFileName().toString()).toList());
        List<String> staged = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String there = dir + "/" + name;
            String want = Digests.sha256(f);
            if (want.equals(have.get(name))) {
                progress.accept(String.format("lab: %s already on the lab host (sha256 %s)", name, want.substring(0, 12)));
            } else {
                long t = System.nanoTime();
                try (OutputStream out = sftp.write(there + ".part")) {
                    Files.copy(f, out);
                } catch (IOException e) {
                    throw failure("cannot upload " + f, e);
                }
                String got = sha256There(dir, List.of(name + ".part")).get(name + ".part");
                if (!want.equals(got)) {
                    throw new HapmeterException(where() + ": upload of " + name + " arrived with sha256 " + got
                            + " instead of " + want);
                }
                try {
                    sftp.rename(there + ".part", there, SftpClient.CopyMode.Overwrite);
                } catch (IOException e) {
                    throw failure("cannot rename " + there + ".part", e);
                }
                double s = (System.nanoTime() - t) / 1e9;
                progress.accept(String.format("lab: uploaded %s, %.1f MB in %.1f s (%.1f MB/s), sha256 verified there",
                        name, f.toFile().length() / 1e6, s, f.toFile().length() / 1e6 / s));
            }
            staged.add(there);
        }
        return staged;
    }

    private Map<String, String> sha256There(String dir, List<String> names) {
        Map<String, String> sums = new HashMap<>();
        String out = exec("cd " + quote(List.of(dir)) + " && sha256sum -- " + quote(names) + " 2>/dev/null").output();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\\s+\\*?", 2);
            if (f.length == 2) {
                sums.put(f[1], f[0]);
            }
        }
        return sums;
    }

    @Override
    public String newDir() {
        Exec.Result r = exec("mktemp -d \"${TMPDIR:-/tmp}/hapmeter-lab.XXXXXX\"");
        check(r, "cannot create a temporary directory");
        return r.output().strip();
    }

    @Override
    public String place(Path local, String dir) {
        return dir + "/" + local.getFileName();
    }

    @Override
    public void fetch(String file, Path local) {
        try (InputStream in = sftp.read(file)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("cannot read " + file, e);
        }
    }

    @Override
    public boolean exists(String path) {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw failure("cannot stat " + path, e);
        } catch (IOException e) {
            throw failure("cannot stat " + path, e);
        }
    }

    @Override
    public void remove(String dir) {
        if (lost == null) {
            try {
                exec("rm -rf -- " + quote(List.of(dir)));
            } catch (HapmeterException ignored) {
                // a stale directory in the host's /tmp is harmless
            }
        }
    }

    /**
     * Runs ARGV in an exec channel whose shell ties QEMU to the session twice over: QEMU gets the
     * parent-death signal of that shell (which the SSH server ends with the session), and a
     * watchdog kills it when the channel's stdin ends (which it does when the connection drops,
     * even if the server leaves the shell alone). When QEMU exits, the shell exits with its status.
     */
    @Override
    public Process start(List<String> argv, Path log) throws IOException {
        String script = String.join("\n",
                "exec 3<&0 </dev/null",
                "setpriv --pdeathsig KILL -- " + quote(argv) + " &",
                "q=$!",
                "{ cat <&3; kill -KILL $q; } >/dev/null 2>&1 &",
                "w=$!",
                "exec 3<&-",
                "wait $q; s=$?",
                "kill -KILL $w 2>/dev/null",
                "exit $s");
        OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        ChannelExec ch = session.createExecChannel("sh -c " + quote(List.of(script)));
        OutputStream synced = new SyncedStream(out);
        ch.setOut(synced);
        ch.setErr(synced);
        ch.addCloseFutureListener(f -> {
            try {
                out.close();
            } catch (IOException ignored) {
                // the log is complete as far as it goes
            }
        });
        try {
            ch.open().verify(CONNECT);
        } catch (IOException e) {
            ch.close(true);
            throw new IOException(lost != null ? lost : firstLine(e), e);
        }
        return new ChannelProcess(ch);
    }

    @Override
    public Duplex openSerial(String device) {
        return bridge("socat - " + quote(List.of(device + ",rawer")));
    }

    @Override
    public Duplex openSocket(String path) {
        return bridge("socat - " + quote(List.of("UNIX-CONNECT:" + path)));
    }

    /** A channel running COMMAND (socat), its stdin and stdout as a byte stream. */
    private Duplex bridge(String command) {
        try {
            ChannelExec ch = session.createExecChannel(command);
            ch.setErr(OutputStream.nullOutputStream());
            ch.open().verify(CONNECT);
            return Duplex.of(ch.getInvertedOut(), ch.getInvertedIn(), () -> ch.close(true));
        } catch (IOException e) {
            throw failure("cannot open a channel for: " + command, e);
        }
    }

    @Override
    public String lost() {
        return lost;
    }

    @Override
    public void close() {
        closing = true;
        try {
            sftp.close();
        } catch (IOException ignored) {
            // the session goes anyway
        }
        session.close(true);
        client.stop();
    }

    private void check(Exec.Result r, String what) {
        if (r.exit() != 0) {
            throw new HapmeterException(where() + ": " + what + ": " + Exec.tail(r.output(), 200));
        }
    }

    /** ARGV as one POSIX shell command line: each word single-quoted. */
    static String quote(List<String> argv) {
        return argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }

    /** MINA may write stdout and stderr from different threads into the one log. */
    private static final class SyncedStream extends OutputStream {
        private final OutputStream out;

        SyncedStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }
    }

    /** QEMU's exec channel as a {@link Process}: alive while the channel is open, its exit status QEMU's. */
    private static final class ChannelProcess extends Process {
        private final ChannelExec ch;

        ChannelProcess(ChannelExec ch) {
            this.ch = ch;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Long.MAX_VALUE);
            return exitValue();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) {
            return ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Math.max(1, unit.toMillis(timeout)))
                    .contains(ClientChannelEvent.CLOSED);
        }

        @Override
        public int exitValue() {
            if (!ch.isClosed()) {
                throw new IllegalThreadStateException("QEMU is still running");
            }
            Integer status = ch.getExitStatus();
            return status != null ? status : -1;
        }

        @Override
        public boolean isAlive() {
            return !ch.isClosed();
        }

        /** Closing the channel ends the shell's stdin: the watchdog kills QEMU. */
        @Override
        public void destroy() {
            ch.close(true);
        }

        @Override
        public Process destroyForcibly() {
            destroy();
            return this;
        }
    }
}
