package hapmeter.source;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real source subset of src/test/resources/source and the index built from it (see that README.md). */
public final class SourceFixtures {
    public static final Path TREE = Path.of("src/test/resources/source/linux-source-6.1");
    public static final Path CONFIG = Path.of("src/test/resources/source/config-6.1.0-56-amd64");
    /** A source-index root holding the fixture's index, registered for the fixture runs' kernel. */
    public static final Path INDEXES = Path.of("src/test/resources/source-index");
    public static final Path INDEX = INDEXES.resolve("linux-source-6.1-6.1.192-2-subset");
    public static final String KERNEL = "6.1.0-56-amd64";
    public static final String SOURCE = "linux-source-6.1 6.1.192-2 (test subset)";

    private SourceFixtures() {
    }

    /** Both tools are installed (apt-get install pmccabe complexity). */
    public static boolean toolsInstalled() {
        try {
            DebianSource.tools();
            return true;
        } catch (HapmeterException e) {
            return false;
        }
    }

    public static List<String> sourceLines(String file) {
        try {
            return Files.readAllLines(TREE.resolve(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
