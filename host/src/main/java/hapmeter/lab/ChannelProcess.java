package hapmeter.lab;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/** QEMU's exec channel as a {@link Process}: alive while the channel is open, its exit status QEMU's. */
final class ChannelProcess extends Process {
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
