package hapmeter.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a newc ("070701") cpio archive, the initramfs format, with fixed owners and times so
 * that the same inputs give the same bytes. Parent directories are added on demand.
 */
public final class Cpio implements AutoCloseable {
    private static final int DIR = 0040000, FILE = 0100000, SYMLINK = 0120000, CHAR = 0020000;

    private final OutputStream out;
    private final Set<String> dirs = new HashSet<>();
    private long written;
    private int ino = 1;

    public Cpio(Path file) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    public void directory(String path) throws IOException {
        path = strip(path);
        if (path.isEmpty() || dirs.contains(path)) {
            return;
        }
        parents(path);
        dirs.add(path);
        entry(path, DIR | 0755, 0, 0, new byte[0]);
    }

    public void file(String path, byte[] content, int perm) throws IOException {
        path = strip(path);
        parents(path);
        entry(path, FILE | perm, 0, 0, content);
    }

    public void file(String path, Path source, int perm) throws IOException {
        file(path, Files.readAllBytes(source), perm);
    }

    public void symlink(String path, String target) throws IOException {
        path = strip(path);
        parents(path);
        entry(path, SYMLINK | 0777, 0, 0, target.getBytes(StandardCharsets.UTF_8));
    }

    public void charDevice(String path, int major, int minor) throws IOException {
        path = strip(path);
        parents(path);
        entry(path, CHAR | 0600, major, minor, new byte[0]);
    }

    public long size() {
        return written;
    }

    private void parents(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            directory(path.substring(0, slash));
        }
    }

    private static String strip(String path) {
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    private void entry(String name, int mode, int rdevMajor, int rdevMinor, byte[] data) throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        String header = "070701" + hex(ino++) + hex(mode) + hex(0) + hex(0) + hex(1) + hex(0)
                + hex(data.length) + hex(0) + hex(0) + hex(rdevMajor) + hex(rdevMinor)
                + hex(nameBytes.length) + hex(0);
        write(header.getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private static String hex(long v) {
        return String.format("%08x", v);
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }

    @Override
    public void close() throws IOException {
        entry("TRAILER!!!", 0, 0, 0, new byte[0]);
        out.close();
    }
}
