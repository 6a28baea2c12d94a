package hapmeter.lab;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/** Commands on the lab host in exec channels: short ones run to completion, QEMU started and tied to the session. */
final class RemoteProcesses {
    private static final Duration COMMAND = Duration.ofMinutes(2);

    private final SshSession ssh;

    RemoteProcesses(SshSession ssh) {
        this.ssh = ssh;
    }

    /** ARGV (no shell) to completion. */
    Exec.Result run(List<String> argv) {
        return exec(quote(argv));
    }

    /** A shell COMMAND line to completion: its exit status and its stdout and stderr together. */
    Exec.Result exec(String command) {
        try (ChannelExec ch = ssh.session().createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setIn(InputStream.nullInputStream());
            ch.setOut(out);
            ch.setErr(out);
            ch.open().verify(SshSession.CONNECT);
            if (!ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND.toMillis()).contains(ClientChannelEvent.CLOSED)) {
                throw new HapmeterException(ssh.where() + ": no answer within " + COMMAND.toSeconds() + " s to: " + command);
            }
            Integer status = ch.getExitStatus();
            return new Exec.Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ssh.failure("cannot run a command", e);
        }
    }

    /**
     * Runs ARGV in an exec channel whose shell ties QEMU to the session twice over: QEMU gets the
     * parent-death signal of that shell (which the SSH server ends with the session), and a
     * watchdog kills it when the channel's stdin ends (which it does when the connection drops,
     * even if the server leaves the shell alone). When QEMU exits, the shell exits with its status.
     */
    Process start(List<String> argv, Path log) throws IOException {
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
        ChannelExec ch = ssh.session().createExecChannel("sh -c " + quote(List.of(script)));
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
            ch.open().verify(SshSession.CONNECT);
        } catch (IOException e) {
            ch.close(true);
            throw new IOException(ssh.lost() != null ? ssh.lost() : SshSession.firstLine(e), e);
        }
        return new ChannelProcess(ch);
    }

    /** ARGV as one POSIX shell command line: each word single-quoted. */
    static String quote(List<String> argv) {
        return argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
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
}
