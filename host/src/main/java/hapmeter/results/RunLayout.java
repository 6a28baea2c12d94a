package hapmeter.results;

import hapmeter.HapmeterException;
import hapmeter.Json;
import hapmeter.image.Digests;
import hapmeter.protocol.transfer.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The results directory of one run (a contract, see DESIGN.md). A cell directory only ever
 * appears complete: it is written under a dot-name and renamed; a failed cell leaves nothing.
 */
public final class RunLayout {
    private final Path runDir;

    public RunLayout(Path runDir) {
        this.runDir = runDir;
    }

    public Path dir() {
        return runDir;
    }

    public Path cell(String cell) {
        return runDir.resolve(cell);
    }

    /** A fresh temporary directory for CELL; {@link #commit} publishes it. */
    public Path begin(String cell) {
        Path tmp = hidden(cell, ".partial");
        try {
            Digests.deleteTree(tmp);
            Files.createDirectories(tmp);
            return tmp;
        } catch (IOException e) {
            throw new HapmeterException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
    }

    /** Where a failed CELL's diagnostics are kept: hidden like .partial, never read as a result; gone once it succeeds. */
    public Path failure(String cell) {
        return hidden(cell, ".failed");
    }

    /** A dot-directory of CELL: no reader of results lists it. */
    private Path hidden(String cell, String suffix) {
        return runDir.resolve("." + cell.replace('/', '_') + suffix);
    }

    public Path commit(Path tmp, String cell) {
        Path dest = cell(cell);
        try {
            Files.createDirectories(dest.getParent());
            if (Files.exists(dest)) {
                throw new HapmeterException("refusing to overwrite the finished cell " + dest);
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HapmeterException("cannot publish " + dest + ": " + e.getMessage(), e);
        }
        discard(failure(cell));
        return dest;
    }

    /** Removes a hidden directory of a cell if it can: a leftover one is never read as a result. */
    public void discard(Path tmp) {
        try {
            Digests.deleteTree(tmp);
        } catch (IOException ignored) {
            // see above
        }
    }

    /** Writes VALUE as JSON to FILE via a temporary file and an atomic rename. */
    public static void writeJson(Path file, Object value) {
        try {
            writeAtomically(file, Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new HapmeterException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Temporary file beside FILE, then an atomic rename: a reader never sees half a file. */
    public static void writeAtomically(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new HapmeterException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces FILE by FILE.gz. */
    public static void gzipAway(Path file) throws IOException {
        gzip(file, file.resolveSibling(file.getFileName() + ".gz"));
        Files.delete(file);
    }

    public static void gzip(Path src, Path dest) throws IOException {
        try (InputStream in = Files.newInputStream(src);
                OutputStream out = Encoding.GZIP.encoder(Files.newOutputStream(dest))) {
            in.transferTo(out);
        }
    }
}
