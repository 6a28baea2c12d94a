package hapmeter.lab;

import static hapmeter.lab.RemoteProcesses.quote;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.image.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Files on the lab host over SFTP: images uploaded into a content-addressed cache there (only
 * what the host lacks, sha256 checked there), and the files a VM leaves there fetched back. Only
 * SFTP version 3 requests are used, as a stock OpenSSH sftp-server speaks no later version.
 */
final class Staging implements AutoCloseable {
    private final SshSession ssh;
    private final RemoteProcesses remote;
    private final Consumer<String> progress;
    private final SftpClient sftp;
    private final String home;

    Staging(SshSession ssh, RemoteProcesses remote, Consumer<String> progress) {
        this.ssh = ssh;
        this.remote = remote;
        this.progress = progress;
        try {
            this.sftp = SftpClientFactory.instance().createSftpClient(ssh.session());
        } catch (IOException e) {
            throw ssh.failure("cannot start SFTP", e);
        }
        this.home = remote.exec("printf %s \"$HOME\"").output();
    }

    /**
     * Images live in ~/.cache/hapmeter-lab/images/KEY/ there. A file is uploaded only when the
     * host lacks it or holds other bytes (sha256sum there), as NAME.part, checked with sha256sum
     * there, then renamed: an interrupted upload is never taken for a finished one. A failed
     * upload removes its part; one the connection took down is removed by the next stage.
     */
    List<String> stage(String key, List<Path> files) {
        String dir = home + "/.cache/hapmeter-lab/images/" + key;
        check(remote.exec("mkdir -p " + quote(List.of(dir)) + " && cd " + quote(List.of(dir)) + " && rm -f -- *.part"),
                "cannot prepare " + dir);
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
                upload(f, dir, name, want);
                double s = (System.nanoTime() - t) / 1e9;
                progress.accept(String.format("lab: uploaded %s, %.1f MB in %.1f s (%.1f MB/s), sha256 verified there",
                        name, f.toFile().length() / 1e6, s, f.toFile().length() / 1e6 / s));
            }
            staged.add(there);
        }
        return staged;
    }

    private void upload(Path local, String dir, String name, String want) {
        String there = dir + "/" + name;
        String part = there + ".part";
        try {
            try (OutputStream out = sftp.write(part)) {
                Files.copy(local, out);
            }
            String got = sha256There(dir, List.of(name + ".part")).get(name + ".part");
            if (!want.equals(got)) {
                throw new IOException("it arrived with sha256 " + got + " instead of " + want);
            }
            replace(part, there);
        } catch (IOException | RuntimeException e) {
            // MINA reports some refusals as unchecked exceptions: all of them end here, as one line.
            discard(part);
            String why = ssh.lost() != null ? ssh.lost() : SshSession.firstLine(e);
            throw new HapmeterException(ssh.where() + ": cannot upload " + local + " to " + there + ": " + why, e);
        }
    }

    /**
     * SFTP v3 renames only to a free name (no overwrite flag). A file there holds other bytes than
     * the image's (a damaged copy), so it goes first; a QEMU that has it open keeps reading it.
     */
    private void replace(String part, String there) throws IOException {
        try {
            sftp.remove(there);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw new IOException("the file there cannot be removed (SFTP: " + e.getMessage() + ")", e);
            }
        }
        sftp.rename(part, there);
    }

    private void discard(String part) {
        if (ssh.lost() == null) {
            try {
                sftp.remove(part);
            } catch (IOException | RuntimeException ignored) {
                // the next stage removes it
            }
        }
    }

    private Map<String, String> sha256There(String dir, List<String> names) {
        Map<String, String> sums = new HashMap<>();
        String out = remote.exec("cd " + quote(List.of(dir)) + " && sha256sum -- " + quote(names) + " 2>/dev/null").output();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\\s+\\*?", 2);
            if (f.length == 2) {
                sums.put(f[1], f[0]);
            }
        }
        return sums;
    }

    /** A new empty directory there, for one VM's sockets. */
    String newDir() {
        Exec.Result r = remote.exec("mktemp -d \"${TMPDIR:-/tmp}/hapmeter-lab.XXXXXX\"");
        check(r, "cannot create a temporary directory");
        return r.output().strip();
    }

    String place(Path local, String dir) {
        return dir + "/" + local.getFileName();
    }

    void fetch(String file, Path local) {
        try (InputStream in = sftp.read(file)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ssh.failure("cannot read " + file, e);
        }
    }

    boolean exists(String path) {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw ssh.failure("cannot stat " + path, e);
        } catch (IOException e) {
            throw ssh.failure("cannot stat " + path, e);
        }
    }

    void remove(String dir) {
        if (ssh.lost() == null) {
            try {
                remote.exec("rm -rf -- " + quote(List.of(dir)));
            } catch (HapmeterException ignored) {
                // a stale directory in the host's /tmp is harmless
            }
        }
    }

    private void check(Exec.Result r, String what) {
        if (r.exit() != 0) {
            throw new HapmeterException(ssh.where() + ": " + what + ": " + Exec.tail(r.output(), 200));
        }
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException ignored) {
            // the session goes anyway
        }
    }
}
