package hapmeter.protocol.message;

import hapmeter.protocol.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field conventions every message shares: numbers in decimal, lists comma-separated,
 * argument vectors as PREFIX.0, PREFIX.1, ... (an argument may contain commas). Decoding a field
 * that is missing or malformed is an IllegalArgumentException naming it.
 */
final class Fields {
    private final Map<String, String> map = new LinkedHashMap<>();

    Fields put(String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
        return this;
    }

    Fields put(String key, long value) {
        return put(key, Long.toString(value));
    }

    Fields put(String key, boolean value) {
        return put(key, Boolean.toString(value));
    }

    Fields list(String key, List<String> values) {
        return put(key, String.join(",", values));
    }

    Fields indexed(String prefix, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            put(prefix + "." + i, values.get(i));
        }
        return this;
    }

    Map<String, String> map() {
        return map;
    }

    static String text(Message m, String key) {
        return m.require(key);
    }

    static long number(Message m, String key) {
        try {
            return Long.parseLong(m.require(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(m.name() + ": field '" + key + "' is not a number");
        }
    }

    static int integer(Message m, String key) {
        long n = number(m, key);
        if (n != (int) n) {
            throw new IllegalArgumentException(m.name() + ": field '" + key + "' is out of range");
        }
        return (int) n;
    }

    static boolean flag(Message m, String key) {
        return switch (m.require(key)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(m.name() + ": field '" + key + "' is not true/false");
        };
    }

    /** A missing list is an empty one. */
    static List<String> list(Message m, String key) {
        String v = m.get(key);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(",", -1));
    }

    static List<String> indexed(Message m, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; m.get(prefix + "." + i) != null; i++) {
            out.add(m.get(prefix + "." + i));
        }
        return out;
    }

    /** The fields PREFIX.KEY, keyed by KEY, in wire order. */
    static Map<String, String> suffixed(Message m, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        m.fields().forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }

    static int positive(String what, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + n);
        }
        return n;
    }

    /** A name that is safe as a file name: letters, digits, '.', '_', '-', not starting with '.'. */
    static String name(String what, String s) {
        if (s.isEmpty() || s.startsWith(".") || !s.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c)
                || c == '.' || c == '_' || c == '-')) {
            throw new IllegalArgumentException(what + " must be a plain name (letters, digits, . _ -), not '" + s + "'");
        }
        return s;
    }

    static long notNegative(String what, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative, not " + n);
        }
        return n;
    }
}
