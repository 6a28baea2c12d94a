package hapmeter.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Scanning helpers over a line held as a byte range [p, e) of a buffer: the lexers never make a String per line. */
final class Bytes {
    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String string(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    static boolean startsWith(byte[] b, int p, int e, byte[] prefix) {
        return e - p >= prefix.length && Arrays.equals(b, p, p + prefix.length, prefix, 0, prefix.length);
    }

    static boolean endsWith(byte[] b, int p, int e, byte[] suffix) {
        return e - p >= suffix.length && Arrays.equals(b, e - suffix.length, e, suffix, 0, suffix.length);
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int skipSpaces(byte[] b, int p, int e) {
        return skip(b, p, e, ' ');
    }

    static int skip(byte[] b, int p, int e, char c) {
        while (p < e && b[p] == c) {
            p++;
        }
        return p;
    }

    static int skipDigits(byte[] b, int p, int e) {
        while (p < e && isDigit(b[p])) {
            p++;
        }
        return p;
    }

    static int trimEnd(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    static int indexOf(byte[] b, int p, int e, char c) {
        for (; p < e; p++) {
            if (b[p] == c) {
                return p;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, int s, int e, char c) {
        int i = e - 1;
        while (i >= s && b[i] != c) {
            i--;
        }
        return i;
    }

    /** The unsigned decimal in [s, e), which the caller has checked holds only digits. */
    static int parseInt(byte[] b, int s, int e) {
        int v = 0;
        for (int i = s; i < e; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** The pid after the last '-' of a TASK-PID token (comms may hold dashes and spaces), or NO_PID. */
    static int pidOf(byte[] b, int s, int e) {
        int dash = lastIndexOf(b, s, e, '-');
        if (dash < s || e - dash - 1 < 1 || e - dash - 1 > 9 || skipDigits(b, dash + 1, e) != e) {
            return GraphEvent.NO_PID;
        }
        return parseInt(b, dash + 1, e);
    }
}
