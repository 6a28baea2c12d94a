package hapmeter.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A kernel's .config (boot/config-RELEASE): which symbols are built in (y) and which are modules (m). */
public final class KernelConfig {
    /** No configuration known: every guard evaluates to {@link Kbuild.Built#UNKNOWN}. */
    public static final KernelConfig NONE = new KernelConfig(Map.of());

    private final Map<String, Character> values;

    private KernelConfig(Map<String, Character> values) {
        this.values = values;
    }

    public static KernelConfig load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    static KernelConfig parse(String text) {
        Map<String, Character> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            // Only tristates matter to Kbuild's object lists; "# CONFIG_X is not set" is simply absent.
            if (line.startsWith("CONFIG_") && eq > 0 && line.length() == eq + 2
                    && (line.charAt(eq + 1) == 'y' || line.charAt(eq + 1) == 'm')) {
                values.put(line.substring(0, eq), line.charAt(eq + 1));
            }
        }
        return new KernelConfig(Map.copyOf(values));
    }

    public boolean known() {
        return !values.isEmpty();
    }

    /** 'y', 'm', or 'n' for a symbol that is unset, not a tristate or not in the file. */
    public char value(String symbol) {
        return values.getOrDefault(symbol, 'n');
    }
}
