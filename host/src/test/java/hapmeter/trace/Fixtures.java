package hapmeter.trace;

import hapmeter.Home;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real trace recorded in the test VM, and the project's rule files. */
public final class Fixtures {
    public static final String SOCKET_TRACE = "socket-manual-6.1.0-56.trace";

    private Fixtures() {
    }

    public static Path trace() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + SOCKET_TRACE).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> traceLines() {
        try {
            return Files.readAllLines(trace(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path rules(String name) {
        return Home.vmConfigs().resolve("rules").resolve(name);
    }

    public static InterruptRules interruptRules() {
        return InterruptRules.load(rules("interrupts.json"));
    }
}
