package hapmeter.report;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Text inputs of a run (traces, kallsyms) that may or may not be gzip-compressed, detected by content. */
final class TextFiles {
    private TextFiles() {
    }

    static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            // ISO-8859-1: every byte is a char, so a stray byte never fails the read.
            return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in,
                    StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
